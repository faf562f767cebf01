/**
 * A job held by another job's `429` (docs/transfer-faults.md, "A 429 holds its whole quota") over the real server:
 * GET /api/downloads answers with its wait (`waits`, `retrying`: `attempt` 0, no try failed; docs/api.md). The
 * response schema required an attempt of at least 1, and the list answered 500 while such a job waited. Loopback.
 */
import { afterEach, expect, it } from 'vitest';
import type { JobView } from '../../src/api-types.js';
import { type Harness, startHarness } from './server-harness.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

it('lists a job held by another job’s 429 wait with its wait, attempt 0', async () => {
  harness = await startHarness();
  const { hub } = harness;
  await hub.addRepo({ repoId: 'org/first', files: [{ path: 'a.bin', size: 1_000_000 }] });
  await hub.addRepo({ repoId: 'org/second', files: [{ path: 'b.bin', size: 1_000_000 }] });
  // The Hub's resolvers quota is exhausted for 60 s from the first request.
  hub.setFaults({ rateLimitWindow: { seconds: 60, on: 'resolve' } });
  const api = harness.api.bind(harness);
  const waitsOf = async (id: string) => {
    const view = await api<JobView>('GET', `/api/downloads/${id}`);
    expect(view.status).toBe(200);
    return view.body.waits;
  };
  const until = async (check: () => Promise<boolean>) => {
    while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
  };

  const first = await api<JobView>('POST', '/api/downloads', { repoId: 'org/first' });
  await until(async () => (await waitsOf(first.body.id)).length > 0);
  const second = await api<JobView>('POST', '/api/downloads', { repoId: 'org/second' });
  await until(async () => (await waitsOf(second.body.id)).length > 0);

  const list = await api<JobView[]>('GET', '/api/downloads');
  expect(list.status).toBe(200);
  const held = list.body.find((job) => job.id === second.body.id);
  expect(held?.waits).toEqual([
    expect.objectContaining({ path: 'b.bin', status: 429, code: 'RATE_LIMITED', attempt: 0 }),
  ]);
  expect(held?.retrying).toMatchObject({ attempt: 0, message: expect.stringMatching(/rate-limited/) });
  expect(hub.requests.filter((request) => request.file === 'b.bin')).toEqual([]);
}, 20_000);
