/**
 * A server's jobs and the Hub's `429` (src/transfer/host-rate-limit.ts, docs/transfer-faults.md, "A 429 holds its
 * whole quota"): a job started while another job waits out a `429` (same Hub, same token) asks nothing of that quota
 * during the wait, and says it waits for the Hub's rate limit: a file's requests (the resolvers quota), in the
 * wording of a `429` wait of its own (JobView.waits, src/format/retry-wait-words.ts), and paused at once (the pause
 * settles the run), not at the wait's end; a listing's Hub API calls (the API quota, hostRateLimitQuota), held (no
 * try failed). Before, each asked at once and got a `429` of its own. Each test has a hub of its own: the hold is
 * process-wide, scoped by endpoint. Loopback only.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { JobView } from '../../src/api-types.js';
import { retryWaitLine } from '../../src/format/retry-wait-words.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { engineServices } from '../support/jobs/engine-service.js';
import { waitFor } from '../support/jobs/service-harness.js';

let hub: TestHub;
const engines = engineServices('jobs-rate-limit-hold');

beforeEach(async () => {
  hub = await startTestHub();
  await hub.addRepo({ repoId: 'org/first', files: [{ path: 'a.bin', size: 2_000_000 }] });
  await hub.addRepo({ repoId: 'org/second', files: [{ path: 'b.bin', size: 2_000_000 }] });
});

afterEach(async () => {
  await engines.stopAll();
  await hub.close();
});

/** A service on the hub whose quota `on` is exhausted for 30 s from its first request (Retry-After: 30). */
async function twoJobs(on: 'resolve' | 'api', first429: (view: JobView | undefined) => boolean) {
  hub.setFaults({ rateLimitWindow: { seconds: 30, on } });
  const service = await engines.start(hub.url);
  const view = (id: string): JobView | undefined => service.get(id);
  const first = await service.create({ repoId: 'org/first' });
  await waitFor(() => first429(view(first.job.id)), 'the first job’s 429', 10_000);
  const second = await service.create({ repoId: 'org/second' });
  await waitFor(() => first429(view(second.job.id)), 'the second job held', 10_000);
  const waiting = view(second.job.id)!;
  expect(waiting.state).toBe('running');
  return { service, first: first.job.id, second: second.job.id, waiting };
}

it('holds a job started during another job’s 429 wait, says the wait, and pauses it at once', async () => {
  const { service, second, waiting } = await twoJobs('resolve', (view) => view?.waits.length === 1);
  expect(waiting.waits).toEqual([
    expect.objectContaining({ path: 'b.bin', status: 429, code: 'RATE_LIMITED' }),
  ]);
  expect(waiting.waits[0]!.leftMs).toBeGreaterThan(0);
  // As a 429 wait of its own reads: `b.bin waits 31 s for the Hub (429), then try 1, …`.
  expect(retryWaitLine(waiting.waits[0]!)).toMatch(/^b\.bin waits .+ for the Hub \(429\)/);
  expect(waiting.retrying?.message).toMatch(/rate-limited/);

  const paused = await service.pause(second);
  expect(paused.state).toBe('paused');
  // One 429 in all: the first job's; the second asked nothing of the quota.
  const limited = hub.requests.filter((request) => request.status === 429);
  expect(limited.map((request) => request.file)).toEqual(['a.bin']);
  expect(hub.requests.filter((request) => request.file === 'b.bin')).toEqual([]);
}, 20_000);

it('holds the listing of a job started during another job’s API 429 wait, and says so', async () => {
  const { service, first, second, waiting } = await twoJobs('api', (view) => view?.retrying != null);
  expect(waiting.retrying).toMatchObject({ attempt: 0 });
  expect(waiting.retrying?.message).toMatch(/429 to another request/);
  // Its wait line: the listing's, no time budget promised (a held wait spends none of it).
  expect(retryWaitLine(waiting.waits[0]!)).toMatch(/^The listing waits .+ for the Hub \(429\), then try 1$/);
  // One 429 in all: the first job's listing; the second asked nothing of the API quota.
  const limited = hub.requests.filter((request) => request.status === 429);
  expect(limited.map((request) => request.repoId)).toEqual(['org/first']);
  expect(hub.requests.filter((request) => request.repoId === 'org/second')).toEqual([]);
  await service.pause(second);
  await service.pause(first);
}, 30_000);
