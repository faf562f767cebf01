/**
 * A server's jobs and the Hub's `429` (src/transfer/host-rate-limit.ts, docs/transfer-faults.md, "A 429 holds
 * its whole quota"): a job started while another job's `429` wait lasts (same Hub, same token) asks nothing during
 * it, and says it waits for the Hub's rate limit with the time left, in the wording of a `429` wait of its own
 * (JobView.waits, src/format/retry-wait-words.ts). Paused during the wait, it is paused at once (the pause settles
 * the run), not at the wait's end. Before, it asked at once and got a `429` of its own. Loopback only.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { JobView } from '../../src/api-types.js';
import { retryWaitLine } from '../../src/format/retry-wait-words.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { engineServices } from '../support/jobs/engine-service.js';
import { waitFor } from '../support/jobs/service-harness.js';

let hub: TestHub;
const engines = engineServices('jobs-host-rate-limit');

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({ repoId: 'org/first', files: [{ path: 'a.bin', size: 2_000_000 }] });
  await hub.addRepo({ repoId: 'org/second', files: [{ path: 'b.bin', size: 2_000_000 }] });
});

afterAll(async () => {
  await hub.close();
});

afterEach(async () => {
  await engines.stopAll();
});

it('holds a job started during another job’s 429 wait, says the wait, and pauses it at once', async () => {
  // The Hub's resolvers quota is exhausted for 30 s from the first request (Retry-After: 30, waited 31 s).
  hub.setFaults({ rateLimitWindow: { seconds: 30, on: 'resolve' } });
  const service = await engines.start(hub.url);
  const first = await service.create({ repoId: 'org/first' });
  const view = (id: string): JobView | undefined => service.get(id);
  await waitFor(() => view(first.job.id)?.waits.length === 1, 'the first job’s 429', 10_000);

  const second = await service.create({ repoId: 'org/second' });
  await waitFor(() => view(second.job.id)?.waits.length === 1, 'the second job held', 10_000);
  const waiting = view(second.job.id)!;
  expect(waiting.state).toBe('running');
  expect(waiting.waits).toEqual([
    expect.objectContaining({ path: 'b.bin', status: 429, code: 'RATE_LIMITED' }),
  ]);
  expect(waiting.waits[0]!.leftMs).toBeGreaterThan(0);
  // As a 429 wait of its own reads: `b.bin waits 31 s for the Hub (429), then try 1, …`.
  expect(retryWaitLine(waiting.waits[0]!)).toMatch(/^b\.bin waits .+ for the Hub \(429\)/);
  expect(waiting.retrying?.message).toMatch(/rate-limited/);

  const paused = await service.pause(second.job.id);
  expect(paused.state).toBe('paused');
  // One 429 in all: the first job's; the second asked nothing of the quota.
  const limited = hub.requests.filter((request) => request.status === 429);
  expect(limited.map((request) => request.file)).toEqual(['a.bin']);
  expect(hub.requests.filter((request) => request.file === 'b.bin')).toEqual([]);
}, 20_000);
