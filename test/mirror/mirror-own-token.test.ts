/**
 * A mirror whose own token has no access (none set on the mirror host) and a client whose token does: the
 * client is refused with the Hub's status, and the message says it was the mirror's token that was refused,
 * not the client's (the engine's own message tells a CLI user to pass a token, which the client did).
 * Loopback only: one client, no network namespace.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestHub } from '../hub/test-hub.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';

const CLIENT_TOKEN = 'hf_client_ok';
let mirror: MirrorHarness;

beforeAll(async () => {
  const hub = await startTestHub({ token: CLIENT_TOKEN });
  mirror = await startMirror({ hub });
  await hub.addRepo({
    repoId: 'org/gated',
    gated: true,
    files: [{ path: 'model.bin', size: 20_000, lfs: true }],
  });
  await hub.addRepo({ repoId: 'org/private', private: true, files: [{ path: 'a.txt', content: 'secret' }] });
}, 60_000);

afterAll(() => mirror?.close());

it.each([
  ['org/gated', 'model.bin', 403],
  ['org/private', 'a.txt', 401],
])('%s: a client with access learns that the mirror’s own token was refused', async (repo, path, status) => {
  const response = await fetch(`${mirror.mirrorUrl}/${repo}/resolve/main/${path}`, {
    headers: { authorization: `Bearer ${CLIENT_TOKEN}` },
  });
  const text = await response.text();
  expect(response.status, text).toBe(status);
  // In the header Hub clients read (huggingface_hub shows X-Error-Message), for the file pull too.
  expect(response.headers.get('x-error-message')).toContain('the mirror asked with its own token');
  expect(response.headers.get('x-error-code')).toBe(repo === 'org/gated' ? 'GatedRepo' : 'RepoNotFound');
  // Without a token the client gets the Hub's own refusal, as before.
  const anonymous = await fetch(`${mirror.mirrorUrl}/${repo}/resolve/main/${path}`);
  expect(anonymous.status).toBe(401);
  await anonymous.arrayBuffer();
});
