/**
 * A token the Hub does not accept, sent for a public repo through the mirror: the Hub answers it `401 Invalid
 * credentials in Authorization header` even there (huggingface_hub's maintainers, huggingface_hub#2847), so the mirror
 * does too, as it promises never to give a client what the Hub would not (src/mirror/access-control.ts). Before, the
 * mirror served it, and a client with a stale HF_TOKEN found out only away from the mirror. A good token and none are
 * served; the verdict is remembered per token (one `whoami-v2` for many requests). Loopback only.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type MirrorHarness, startMirror } from './mirror-harness.js';

let mirror: MirrorHarness;

beforeAll(async () => {
  mirror = await startMirror();
  await mirror.hub.addRepo({
    repoId: 'org/open',
    files: [{ path: 'config.json', content: '{"open":true}' }],
  });
}, 60_000);

afterAll(() => mirror?.close());

const get = (authorization?: string) =>
  fetch(`${mirror.mirrorUrl}/org/open/resolve/main/config.json`, {
    headers: authorization ? { authorization } : {},
  });
const whoamiCalls = () =>
  mirror.hub.requests.filter((entry) => entry.path.startsWith('/api/whoami-v2')).length;

it('refuses a token the Hub does not accept, for a public file as the Hub does, and serves a good one or none', async () => {
  const none = await get();
  expect([none.status, await none.text()]).toEqual([200, '{"open":true}']);

  const wrong = await get('Bearer hf_not_a_valid_token');
  expect(wrong.status).toBe(401);
  expect(wrong.headers.get('x-error-message')).toBe('Invalid credentials in Authorization header');
  await wrong.body?.cancel();
  // Remembered: asked once, however often the client comes back with it.
  const calls = whoamiCalls();
  expect((await get('Bearer hf_not_a_valid_token')).status).toBe(401);
  expect(whoamiCalls()).toBe(calls);

  const right = await get(`Bearer ${mirror.hub.token}`);
  expect([right.status, await right.text()]).toEqual([200, '{"open":true}']);
});
