/**
 * A server's jobs and an API `429` (src/transfer/host-rate-limit.ts hostRateLimitQuota, docs/transfer-faults.md,
 * "A 429 holds its whole quota", Hub API calls): a job started while another job's listing waits out an API `429`
 * (same Hub, same token) asks nothing of the API during it, and says it waits for the Hub's rate limit, held (no try
 * failed). Before, its listing asked at once and got a `429` of its own. Loopback only.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { JobView } from '../../src/api-types.js';
import { retryWaitLine } from '../../src/format/retry-wait-words.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { engineServices } from '../support/jobs/engine-service.js';
import { waitFor } from '../support/jobs/service-harness.js';

let hub: TestHub;
const engines = engineServices('jobs-hub-calls-rate-limit');

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({ repoId: 'org/first', files: [{ path: 'a.bin', size: 100_000 }] });
  await hub.addRepo({ repoId: 'org/second', files: [{ path: 'b.bin', size: 100_000 }] });
});

afterAll(async () => {
  await hub.close();
});

afterEach(async () => {
  await engines.stopAll();
});

it('holds the listing of a job started during another job’s API 429 wait, and says so', async () => {
  // The Hub's API quota is exhausted for 30 s from the first request (Retry-After: 30, waited 31 s).
  hub.setFaults({ rateLimitWindow: { seconds: 30, on: 'api' } });
  const service = await engines.start(hub.url);
  const view = (id: string): JobView | undefined => service.get(id);
  const first = await service.create({ repoId: 'org/first' });
  await waitFor(() => view(first.job.id)?.retrying != null, 'the first job’s 429', 10_000);

  const second = await service.create({ repoId: 'org/second' });
  await waitFor(() => view(second.job.id)?.retrying != null, 'the second job held', 10_000);
  const waiting = view(second.job.id)!;
  expect(waiting.state).toBe('running');
  expect(waiting.retrying).toMatchObject({ attempt: 0 });
  expect(waiting.retrying?.message).toMatch(/429 to another request/);
  // Its wait line: the listing's, no time budget promised (a held wait spends none of it).
  expect(retryWaitLine(waiting.waits[0]!)).toMatch(/^The listing waits .+ for the Hub \(429\), then try 1$/);
  // One 429 in all: the first job's listing; the second asked nothing of the API quota.
  const limited = hub.requests.filter((request) => request.status === 429);
  expect(limited.map((request) => request.repoId)).toEqual(['org/first']);
  expect(hub.requests.filter((request) => request.repoId === 'org/second')).toEqual([]);
  await service.pause(second.job.id);
  await service.pause(first.job.id);
}, 30_000);
