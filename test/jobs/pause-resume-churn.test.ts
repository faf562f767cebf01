/**
 * A job paused and resumed again and again, each pause not awaited before the resume (a double click, the mirror
 * resuming a pull its client asks for again, two tabs), with the real engine against the test hub: one run at a
 * time, the file intact at the end, its bytes counted once, nothing finished fetched again.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startTestHub, type TestHub, type TestRepo } from '../hub/test-hub.js';
import { engineServices } from '../support/jobs/engine-service.js';
import { waitFor } from '../support/jobs/service-harness.js';

const MB = 1_000_000;
let hub: TestHub;
let repo: TestRepo;
const engines = engineServices('churn');

beforeAll(async () => {
  hub = await startTestHub({ faults: { perStreamBytesPerSecond: { bytesPerSecond: 2 * MB } } });
  repo = await hub.addRepo({ repoId: 'org/churn', files: [{ path: 'weights.bin', size: 24 * MB }] });
});
afterAll(async () => hub.close());
afterEach(async () => engines.stopAll());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('pause and resume in quick turns: one run at a time, the file intact, finished bytes not fetched again', async () => {
  const service = await engines.start(hub.url, (dir) => ({ progressDir: join(dir, 'progress') }));
  const { job } = await service.create({ repoId: 'org/churn' });
  await waitFor(() => (service.get(job.id)?.downloaded ?? 0) > 1 * MB, 'first bytes', 20_000);
  const pauses: Promise<unknown>[] = [];
  for (let turn = 0; turn < 12; turn++) {
    pauses.push(service.pause(job.id).catch(() => undefined));
    await sleep(turn % 3 === 0 ? 0 : 30 * (turn % 4));
    await service.resume(job.id).catch(() => undefined);
    await sleep(150);
  }
  await Promise.all(pauses);
  if (service.get(job.id)?.state === 'paused') await service.resume(job.id);
  await waitFor(() => service.get(job.id)?.state === 'completed', 'completed', 60_000);
  const done = service.get(job.id)!;
  const bytes = readFileSync(join(done.resultPath!, 'weights.bin'));
  const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
  expect(sha(bytes)).toBe(sha(repo.contentOf('weights.bin')));
  // Bytes in flight at each pause may come again (a few connections' read-ahead); not the file twice.
  expect(hub.bytesServed('weights.bin')).toBeLessThan(36 * MB);
  expect(done.fetchedBytes).toBe(24 * MB);
});

it('cancel and retry in quick turns: the retried run is not the cancel’s to clean up', async () => {
  const service = await engines.start(hub.url, (dir) => ({ progressDir: join(dir, 'progress') }));
  const { job } = await service.create({ repoId: 'org/churn' });
  await waitFor(() => (service.get(job.id)?.downloaded ?? 0) > 1 * MB, 'first bytes', 20_000);
  const cancels: Promise<unknown>[] = [];
  for (let turn = 0; turn < 6; turn++) {
    cancels.push(service.cancel(job.id).catch(() => undefined));
    await sleep(turn % 2 === 0 ? 0 : 20);
    await service.retry(job.id).catch(() => undefined);
    await sleep(200);
  }
  await Promise.all(cancels);
  if (service.get(job.id)?.state === 'cancelled') await service.retry(job.id);
  await waitFor(() => ['completed', 'failed'].includes(service.get(job.id)?.state ?? ''), 'ended', 60_000);
  const done = service.get(job.id)!;
  expect(done.error).toBeNull();
  expect(done.state).toBe('completed');
  const bytes = readFileSync(join(done.resultPath!, 'weights.bin'));
  const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
  expect(sha(bytes)).toBe(sha(repo.contentOf('weights.bin')));
});
