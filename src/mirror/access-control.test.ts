import { describe, expect, it } from 'vitest';
import { AccessControl } from './access-control.js';
import { MirrorError } from './mirror-errors.js';
import { type Upstream, UpstreamUnreachable } from './upstream.js';

const repo = { repoId: 'org/gated', repoType: 'model' as const };
const gated = { gated: true, private: false };
const probe = { revision: 'main', path: 'model.bin' };

function fakeUpstream(answer: (authorization: string | undefined) => number | 'down') {
  const calls: Array<string | undefined> = [];
  const upstream = {
    async send(_method: string, _path: string, options: { authorization?: string } = {}) {
      calls.push(options.authorization);
      const status = answer(options.authorization);
      if (status === 'down') throw new UpstreamUnreachable('down');
      const headers = status >= 400 ? { 'x-error-code': 'GatedRepo', 'x-error-message': 'restricted' } : {};
      return { status, headers, body: Buffer.alloc(0) };
    },
  } as unknown as Upstream;
  return { upstream, calls };
}

async function refusal(promise: Promise<void>): Promise<MirrorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MirrorError) return error;
    throw error;
  }
  throw new Error('access was granted');
}

describe('AccessControl', () => {
  it('lets public repos through without asking anyone', async () => {
    const { upstream, calls } = fakeUpstream(() => 500);
    await new AccessControl({ upstream }).check(repo, { gated: false, private: false }, undefined, probe);
    expect(calls).toEqual([]);
  });

  it('refuses a gated repo without a token with the Hub 401 GatedRepo, private with RepoNotFound', async () => {
    const { upstream, calls } = fakeUpstream(() => 200);
    const access = new AccessControl({ upstream });
    const noToken = await refusal(access.check(repo, gated, undefined, probe));
    expect([noToken.status, noToken.errorCode]).toEqual([401, 'GatedRepo']);
    const hidden = await refusal(access.check(repo, { gated: false, private: true }, undefined, probe));
    expect([hidden.status, hidden.errorCode]).toEqual([401, 'RepoNotFound']);
    expect(calls).toEqual([]);
  });

  it('says of a repo it never saw online that only the upstream can tell, not that it is restricted', async () => {
    const { upstream, calls } = fakeUpstream(() => 200);
    const access = new AccessControl({ upstream });
    for (const token of [undefined, 'Bearer any']) {
      const unknown = await refusal(access.check(repo, undefined, token, probe));
      expect(unknown.status).toBe(503);
      expect(unknown.message).toBe(
        'org/gated was never fetched through this mirror while the upstream Hub answered, so only the upstream can say who may read it, and it is unreachable: try again when it is back',
      );
    }
    expect(calls).toEqual([]);
  });

  it('asks the upstream with the client token once per TTL, and passes its refusal on', async () => {
    let now = 0;
    const { upstream, calls } = fakeUpstream((auth) => (auth === 'Bearer good' ? 200 : 403));
    const access = new AccessControl({ upstream, ttlMs: 1000, now: () => now });
    await access.check(repo, gated, 'Bearer good', probe);
    await access.check(repo, gated, 'Bearer good', probe);
    expect(calls).toEqual(['Bearer good']);
    const denied = await refusal(access.check(repo, gated, 'Bearer bad', probe));
    expect([denied.status, denied.errorCode, denied.message]).toEqual([403, 'GatedRepo', 'restricted']);
    await refusal(access.check(repo, gated, 'Bearer bad', probe));
    expect(calls).toHaveLength(2);
    now = 1500;
    await access.check(repo, gated, 'Bearer good', probe);
    expect(calls).toHaveLength(3);
  });

  it('passes a rate limit on with its Retry-After, and does not remember it as a refusal', async () => {
    let limited = true;
    const calls: Array<string | undefined> = [];
    const upstream = {
      async send(_method: string, _path: string, options: { authorization?: string } = {}) {
        calls.push(options.authorization);
        return limited
          ? { status: 429, headers: { 'retry-after': '30' }, body: Buffer.alloc(0) }
          : { status: 200, headers: {}, body: Buffer.alloc(0) };
      },
    } as unknown as Upstream;
    const access = new AccessControl({ upstream });
    const error = await refusal(access.check(repo, gated, 'Bearer good', probe));
    expect([error.status, error.headers['retry-after']]).toEqual([429, '30']);
    limited = false;
    // The token was never judged: asked again, and granted.
    await access.check(repo, gated, 'Bearer good', probe);
    expect(calls).toHaveLength(2);
  });

  it('cannot check a new token while the upstream is down: 503, not a grant', async () => {
    const { upstream } = fakeUpstream(() => 'down');
    const error = await refusal(new AccessControl({ upstream }).check(repo, gated, 'Bearer any', probe));
    expect(error.status).toBe(503);
  });
});
