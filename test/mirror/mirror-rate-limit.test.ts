/**
 * The upstream rate-limits the mirror's API calls (429 with `Retry-After: 30` and `RateLimit: …;r=0;t=30`): the
 * client gets the 429 at once with a `Retry-After`, which huggingface_hub's http_backoff honours
 * (docs/hub-protocol.md §1.6). Before, a file request held the client 31 s (the mirror's own retry waited the
 * Retry-After out) and then answered 429 without one, and a passed-through API answer dropped the upstream's
 * Retry-After and RateLimit headers. Loopback only.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type MirrorHarness, startMirror } from './mirror-harness.js';

let mirror: MirrorHarness;

beforeAll(async () => {
  // The mirror's own calls with its token, the clients' without one: two quotas upstream (docs/hub-protocol.md
  // §1.8), so the mirror's rate-limited calls leave the clients' passed-through answers to the upstream.
  mirror = await startMirror({ token: 'hf_test' });
  await mirror.hub.addRepo({ repoId: 'org/limited', files: [{ path: 'config.json', content: '{}' }] });
  mirror.hub.setFaults({ status: { status: 429, on: 'api', retryAfterSeconds: 30 } });
}, 60_000);

afterAll(() => mirror?.close());

/** A request that fails the test rather than hang for the upstream's 30 s. */
function ask(path: string): Promise<Response> {
  return fetch(`${mirror.mirrorUrl}${path}`, { signal: AbortSignal.timeout(20_000) });
}

const upstreamApiCalls = () =>
  mirror.hub.requests.filter((request) => request.path.startsWith('/api/')).length;

it('answers a file request the upstream rate-limits with 429 and Retry-After, without waiting it out', async () => {
  mirror.hub.clearRequests();
  const file = await ask('/org/limited/resolve/main/config.json');
  expect(file.status).toBe(429);
  // The upstream's 30 s (+ 1 s, as huggingface_hub counts it), for the client to wait.
  expect(file.headers.get('retry-after')).toBe('31');
  expect(file.headers.get('x-error-message')).toMatch(/rate-limited/);
  // One call upstream: the mirror did not retry it (it would have waited the 31 s first).
  expect(upstreamApiCalls()).toBe(1);
}, 30_000);

it('passes an API answer’s 429 through with its Retry-After and RateLimit headers', async () => {
  const info = await ask('/api/models/org/limited');
  expect(info.status).toBe(429);
  expect(info.headers.get('retry-after')).toBe('30');
  expect(info.headers.get('ratelimit')).toMatch(/r=0;t=30/);
  expect(info.headers.get('ratelimit-policy')).toBeTruthy();
}, 30_000);
