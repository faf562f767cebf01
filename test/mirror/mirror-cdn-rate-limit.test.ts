/**
 * A `429` the CDN answers to one of the mirror's pulls (the body GET of an LFS file, at the signed URL its `/resolve/`
 * redirected to) starts the mirror's remembered wait for its own file requests, as a `429` of the `/resolve/` request
 * does (docs/mirror.md, "Pull-through, once"; docs/hub-protocol.md §1.8: the resolvers bucket counts the body GET of a
 * resolved file, and the CDN's answer names that bucket). Until it is over, a file request that would start another
 * pull is answered `429` with what is left of it and no job asks the upstream. Before, a CDN `429` started no wait:
 * the next client request started a pull whose `/resolve/` and CDN requests went out again. Loopback only.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { type MirrorHarness, startMirror } from './mirror-harness.js';
import { expectWaitLeft } from './wait-left.js';

let hub: TestHub;
let mirror: MirrorHarness;

beforeAll(async () => {
  hub = await startTestHub({ token: ['hf_mirror_token'] });
  // LFS files (≥ 10 KiB): their `/resolve/` answers a 302 to the test hub's CDN, another origin.
  await hub.addRepo({
    repoId: 'org/cdn-limited',
    files: [
      { path: 'first.bin', size: 64 * 1024 },
      { path: 'second.bin', size: 64 * 1024 },
    ],
  });
  mirror = await startMirror({ hub, token: 'hf_mirror_token' });
}, 60_000);

afterAll(async () => {
  await mirror?.close();
  await hub?.close();
});

/** A request that fails the test rather than hang for the upstream's 30 s; its body read. */
async function ask(path: string): Promise<Response> {
  const response = await fetch(`${mirror.mirrorUrl}${path}`, { signal: AbortSignal.timeout(20_000) });
  await response.clone().arrayBuffer();
  return response;
}

it('remembers the wait of a CDN 429 to a pull: the next pull is refused by the mirror, the upstream not asked', async () => {
  hub.setFaults({
    status: { status: 429, on: 'cdn', retryAfterSeconds: 30, path: 'org/cdn-limited/first.bin' },
  });
  hub.clearRequests();
  // The pull of first.bin resolves it (302) and its body GET is refused by the CDN; its client hears the 429.
  const first = await ask('/org/cdn-limited/resolve/main/first.bin');
  expect(first.status).toBe(429);
  expect(hub.requests.some((request) => request.host === 'cdn' && request.status === 429)).toBe(true);

  // Another file: no pull starts, the mirror answers the 429 with what is left of the CDN's wait.
  const jobsBefore = mirror.server.jobs.list().length;
  hub.clearRequests();
  const second = await ask('/org/cdn-limited/resolve/main/second.bin');
  expectWaitLeft(second, { fileMessage: true });
  expect(mirror.server.jobs.list().length).toBe(jobsBefore);
  expect(
    hub.requests.filter((request) => request.path.includes('/resolve/') || request.host === 'cdn'),
  ).toEqual([]);
}, 60_000);
