/**
 * A `429` the upstream answers to one of the mirror's own pulls (its `/resolve/` request, made with the mirror's
 * token) starts the same remembered wait as one answered to the mirror's metadata calls (docs/mirror.md,
 * "Pull-through, once"; src/hub/rate-limit-windows.ts): until it is over, a file request that would start another
 * pull is answered `429` with what is left of it, and no job asks the upstream again. Before, the pull's job
 * honoured the wait itself but the next client request for another file started a new pull, whose request the
 * upstream refused again (one more against the spent quota). Loopback only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { type MirrorHarness, pullsSettled, startMirror } from './mirror-harness.js';
import { expectWaitLeft } from './wait-left.js';

let hub: TestHub;
let dir: string;
let mirror: MirrorHarness;

beforeAll(async () => {
  hub = await startTestHub({ token: ['hf_mirror_token', 'hf_client'] });
  dir = await mkdtemp(join(tmpdir(), 'hubget-pull-rate-'));
  await hub.addRepo({
    repoId: 'org/limited',
    files: [
      { path: 'first.bin', size: 64 * 1024 },
      { path: 'second.bin', size: 64 * 1024 },
      { path: 'cached.bin', size: 64 * 1024 },
    ],
  });
  mirror = await startMirror({ hub, dir, token: 'hf_mirror_token' });
  expect((await ask('/org/limited/resolve/main/cached.bin')).status).toBe(200);
  await pullsSettled(mirror);
}, 60_000);

afterAll(async () => {
  await mirror?.close();
  await hub?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A request that fails the test rather than hang for the upstream's 30 s; its body read. */
async function ask(path: string, token?: string): Promise<Response> {
  const response = await fetch(`${mirror.mirrorUrl}${path}`, {
    signal: AbortSignal.timeout(20_000),
    ...(token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }),
  });
  await response.clone().arrayBuffer();
  return response;
}

const resolveCalls = () => hub.requests.filter((request) => request.path.includes('/resolve/'));

it("remembers the wait of a pull's own 429: the next pull is refused by the mirror, the upstream not asked", async () => {
  hub.setFaults({ status: { status: 429, on: 'resolve', retryAfterSeconds: 30 } });
  hub.clearRequests();
  // The pull of first.bin is refused upstream; its client hears so within 2 s, with the 429 and the wait every later
  // client gets (before, a 503 "the upstream fails to send it"), while the pull's job waits the 31 s out itself.
  const first = await ask('/org/limited/resolve/main/first.bin');
  expectWaitLeft(first, { fileMessage: true });
  expect(resolveCalls().map((request) => request.status)).toContain(429);
  const jobsBefore = mirror.server.jobs.list().length;
  hub.clearRequests();
  const second = await ask('/org/limited/resolve/main/second.bin');
  // 30 s + 1 (as huggingface_hub counts a Retry-After), less the time since the pull was refused.
  expectWaitLeft(second, { fileMessage: true });
  // No pull was started for it: no job, and nothing asked upstream.
  expect(mirror.server.jobs.list().length).toBe(jobsBefore);
  expect(hub.requests).toEqual([]);
}, 30_000);

it('still serves a file the cache holds, and answers a HEAD, while the wait lasts', async () => {
  hub.clearRequests();
  const cached = await ask('/org/limited/resolve/main/cached.bin');
  expect(cached.status).toBe(200);
  expect((await cached.arrayBuffer()).byteLength).toBe(64 * 1024);
  const head = await fetch(`${mirror.mirrorUrl}/org/limited/resolve/main/second.bin`, { method: 'HEAD' });
  expect(head.status).toBe(200);
  expect(resolveCalls()).toEqual([]);
}, 30_000);

it("keeps the wait to the mirror's own quota: a client's passed-through call with its own token still asks", async () => {
  hub.clearRequests();
  const info = await ask('/api/models/org/limited', 'hf_client');
  expect(info.status).toBe(200);
  expect(hub.requests.length).toBe(1);
}, 30_000);
