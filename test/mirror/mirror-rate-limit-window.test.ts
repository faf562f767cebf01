/**
 * The mirror remembers the wait an upstream's `429` asked for (docs/mirror.md, "Pull-through, once"): until it is
 * over, the requests that would count against the same quota are answered `429` with what is left of it, without
 * asking the upstream again, and a file the cache holds is served from it. Before, every client request asked the
 * upstream again during its wait (each one more request against a quota already spent), and a cached file asked
 * by branch got the `429` too. Loopback only.
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
  hub = await startTestHub({ token: ['hf_mirror_token', 'hf_client_a', 'hf_client_b'] });
  dir = await mkdtemp(join(tmpdir(), 'hubget-rate-window-'));
  await hub.addRepo({
    repoId: 'org/limited',
    files: [
      { path: 'config.json', content: '{}' },
      { path: 'other.json', content: '{"other":1}' },
      { path: 'cached.json', content: '{"cached":true}' },
    ],
  });
  // A first mirror pulls cached.json; the one under test starts over the same cache with nothing in memory.
  const first = await startMirror({ hub, dir, token: 'hf_mirror_token' });
  expect((await fetch(`${first.mirrorUrl}/org/limited/resolve/main/cached.json`)).status).toBe(200);
  await pullsSettled(first);
  await first.close();
  mirror = await startMirror({ hub, dir, token: 'hf_mirror_token' });
  hub.setFaults({ status: { status: 429, on: 'api', retryAfterSeconds: 30 } });
}, 60_000);

afterAll(async () => {
  await mirror?.close();
  await hub?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A request that fails the test rather than hang for the upstream's 30 s. */
function ask(path: string, token?: string): Promise<Response> {
  return fetch(`${mirror.mirrorUrl}${path}`, {
    signal: AbortSignal.timeout(20_000),
    ...(token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }),
  });
}

const upstreamCalls = () => hub.requests.length;

it('answers the next file requests 429 with what is left of the wait, without asking the upstream again', async () => {
  hub.clearRequests();
  const first = await ask('/org/limited/resolve/main/config.json');
  expect(first.status).toBe(429);
  expect(first.headers.get('retry-after')).toBe('31');
  expect(upstreamCalls()).toBe(1);
  const next = await ask('/org/limited/resolve/main/other.json');
  expectWaitLeft(next, { fileMessage: true });
  // The upstream was not asked again.
  expect(upstreamCalls()).toBe(1);
}, 30_000);

it('serves a file the cache holds from it while the wait lasts', async () => {
  hub.clearRequests();
  const cached = await ask('/org/limited/resolve/main/cached.json');
  expect(cached.status).toBe(200);
  expect(await cached.text()).toBe('{"cached":true}');
  expect(upstreamCalls()).toBe(0);
}, 30_000);

it('remembers a passed-through 429 per token: the same token is answered by the mirror, another one asks', async () => {
  hub.clearRequests();
  const first = await ask('/api/models/org/limited', 'hf_client_a');
  expect(first.status).toBe(429);
  expect(first.headers.get('retry-after')).toBe('30');
  expect(upstreamCalls()).toBe(1);
  const again = await ask('/api/models/org/limited', 'hf_client_a');
  expect(again.status).toBe(429);
  expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(20);
  expect(again.headers.get('x-error-message')).toMatch(/does not ask it again/);
  expect(upstreamCalls()).toBe(1);
  // Another token has a quota of its own upstream (docs/hub-protocol.md §1.8): it is asked for.
  const other = await ask('/api/models/org/limited', 'hf_client_b');
  expect(other.status).toBe(429);
  expect(upstreamCalls()).toBe(2);
}, 30_000);
