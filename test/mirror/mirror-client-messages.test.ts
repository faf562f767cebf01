/**
 * What the mirror tells a LAN client when it cannot give a repo: what the client can act on, never the upstream's
 * address or the mirror host's settings (those go to the server log). Before, an anonymous client's 404 read
 * "Model org/nosuch not found on http://127.0.0.1:41731 (or it is private) … (the mirror asked with its own token,
 * HF_TOKEN on the mirror host, …)", and with the upstream down an unknown repo "is restricted and only the
 * upstream Hub can check this token's access" when asked with a token, "not known to the mirror" without.
 * Loopback only.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type MirrorHarness, startMirror } from './mirror-harness.js';
import { askService, serviceOver } from './mirror-service-harness.js';

let mirror: MirrorHarness;
let logged = '';

beforeAll(async () => {
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => {
    logged += chunk.toString('utf8');
  });
  mirror = await startMirror({ logStream });
}, 60_000);

afterAll(() => mirror?.close());

it('answers a repo the upstream does not have without its address, and logs the detail', async () => {
  for (const authorization of [undefined, `Bearer ${mirror.hub.token}`]) {
    const response = await fetch(`${mirror.mirrorUrl}/org/nosuch/resolve/main/config.json`, {
      headers: authorization === undefined ? {} : { authorization },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-error-code')).toBe('RepoNotFound');
    const message = response.headers.get('x-error-message') ?? '';
    expect(message).toContain('org/nosuch not found upstream, or it is private');
    expect(message).toContain('the mirror asked with its own token');
    expect(message).not.toContain(mirror.hub.url.replace(/^https?:\/\//, ''));
    expect(message).not.toContain('HF_TOKEN');
    expect(JSON.parse(await response.text()).error).toBe(message);
  }
  // The operator's log has what the client is not told: the upstream, and where the mirror's token comes from.
  const line = logged.split('\n').find((entry) => entry.includes('org/nosuch'));
  expect(line).toContain(mirror.hub.url);
  expect(line).toContain('HF_TOKEN');
});

it('with the upstream down, says a repo it never saw is not in its cache, token or not', async () => {
  const offline = await serviceOver(mirror);
  for (const authorization of [undefined, 'Bearer hf_client']) {
    for (const pathname of ['/org/nosuch/resolve/main/config.json', '/api/models/org/nosuch']) {
      const reply = await askService(offline, pathname, authorization === undefined ? {} : { authorization });
      expect(reply.status).toBe(503);
      expect(reply.headers['x-error-message']).toBe(
        'org/nosuch is not in the mirror cache and the upstream Hub is unreachable (mirror offline): try again when it is back',
      );
    }
  }
});

it("says a revision the upstream does not have in ASCII a client can read: the dash after the repo as '-', not '?'", async () => {
  await mirror.hub.addRepo({ repoId: 'org/known', files: [{ path: 'config.json', content: '{}' }] });
  const response = await fetch(`${mirror.mirrorUrl}/org/known/resolve/nobranch/config.json`);
  expect(response.status).toBe(404);
  expect(response.headers.get('x-error-code')).toBe('RevisionNotFound');
  // huggingface_hub shows X-Error-Message as it is: before, the wording's em dash came as "org/known ? check".
  expect(response.headers.get('x-error-message')).toBe(
    'Revision "nobranch" not found in model org/known - check the branch, tag or commit name',
  );
  // The JSON body, UTF-8, keeps the wording whole.
  expect(JSON.parse(await response.text()).error).toContain('org/known — check');
});
