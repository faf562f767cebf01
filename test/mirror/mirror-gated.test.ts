/**
 * Gated and private repos through the mirror: a client without a token (or with a token the Hub rejects)
 * is refused with the Hub's status and X-Error-Code even when the files are cached; a client whose token
 * the Hub accepts is served. The mirror's own token fetches, never grants.
 */
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { startTestHub } from '../hub/test-hub.js';
import { cacheListing } from './mirror-harness.js';
import { describeWithNamespaces, namespacedMirrorHooks } from './namespaced-mirror-suite.js';
import { jsClient } from './run-client.js';

const MIRROR_TOKEN = 'hf_mirror_own';
const CLIENT_TOKEN = 'hf_client_ok';

describeWithNamespaces()('gated and private repos through the mirror', () => {
  const setup = namespacedMirrorHooks(1, 'hubget-mirror-gated-', async () => ({
    hub: await startTestHub({ token: [MIRROR_TOKEN, CLIENT_TOKEN] }),
    token: MIRROR_TOKEN,
  }));

  beforeAll(async () => {
    const { hub } = setup.mirror;
    await hub.addRepo({
      repoId: 'org/gated',
      gated: true,
      files: [
        { path: 'config.json', content: '{"gated":true}' },
        { path: 'model.bin', size: 200_000 },
      ],
    });
    await hub.addRepo({
      repoId: 'org/private',
      private: true,
      files: [{ path: 'a.txt', content: 'secret' }],
    });
  });

  it('serves a client with access, refuses one without a token even when cached', async () => {
    const { ns, mirror, work } = setup;
    const allowed = join(work, 'allowed');
    const served = await jsClient(ns.names[0]!, {
      kind: 'snapshot',
      hubUrl: mirror.mirrorUrl,
      repo: 'org/gated',
      cacheDir: allowed,
      accessToken: CLIENT_TOKEN,
    });
    expect(served.code, served.stderr).toBe(0);
    const direct = join(work, 'direct');
    const fromHub = await jsClient(ns.names[0]!, {
      kind: 'snapshot',
      hubUrl: mirror.mirrorUrl,
      repo: 'org/gated',
      cacheDir: direct,
      accessToken: CLIENT_TOKEN,
    });
    expect(fromHub.code).toBe(0);
    expect(await cacheListing(direct)).toEqual(await cacheListing(allowed));

    const refused = await jsClient(ns.names[0]!, {
      kind: 'file',
      hubUrl: mirror.mirrorUrl,
      repo: 'org/gated',
      path: 'model.bin',
      cacheDir: join(work, 'refused'),
    });
    expect(refused.code).not.toBe(0);

    const bare = await fetch(`${mirror.mirrorUrl}/org/gated/resolve/main/model.bin`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('x-error-code')).toBe('GatedRepo');
    const wrong = await fetch(`${mirror.mirrorUrl}/org/gated/resolve/main/model.bin`, {
      headers: { authorization: 'Bearer hf_not_a_valid_token' },
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${mirror.mirrorUrl}/org/gated/resolve/main/model.bin`, {
      headers: { authorization: `Bearer ${CLIENT_TOKEN}` },
    });
    expect(right.status).toBe(200);
    expect((await right.arrayBuffer()).byteLength).toBe(200_000);
  }, 90_000);

  it('a private repo is not found without a token, and never listed with the mirror token', async () => {
    const { mirror } = setup;
    const info = await fetch(`${mirror.mirrorUrl}/api/models/org/private`);
    expect(info.status).toBe(401);
    expect(info.headers.get('x-error-code')).toBe('RepoNotFound');
    const file = await fetch(`${mirror.mirrorUrl}/org/private/resolve/main/a.txt`);
    expect(file.status).toBe(401);
    expect(file.headers.get('x-error-code')).toBe('RepoNotFound');
    const withToken = await fetch(`${mirror.mirrorUrl}/org/private/resolve/main/a.txt`, {
      headers: { authorization: `Bearer ${CLIENT_TOKEN}` },
    });
    expect(await withToken.text()).toBe('secret');
  });
});
