/**
 * A job that failed its hash check, then its retry, with the real engine against the test hub: the failed
 * content was thrown away, so the failed job shows only what is on disk (not 100 %), and the retry's
 * progress is never ahead of the disk (at most what was kept plus what the hub has sent since).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobServiceEvent } from '../../src/jobs/types.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { engineServices } from '../support/jobs/engine-service.js';
import { waitFor } from '../support/jobs/service-harness.js';

const DATA = 3_000_000;
const README = 'hi!\n';

let hub: TestHub;
const engines = engineServices('integrity-failure');

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({
    repoId: 'org/corrupt',
    files: [
      { path: 'README.md', content: README },
      { path: 'data.bin', size: DATA },
    ],
  });
});

afterAll(() => hub.close());

afterEach(async () => {
  hub.resetFaults();
  await engines.stopAll();
});

describe('a job whose file failed its hash check', () => {
  it('shows what is on disk once failed, and its retry is never ahead of the disk', async () => {
    hub.setFaults({ corrupt: { path: 'data.bin' } });
    const service = await engines.start(hub.url, { progressFiles: false, tickIntervalMs: 100 });
    const seen: { state: string; downloaded: number; served: number }[] = [];
    service.subscribe((event: JobServiceEvent) => {
      if (event.type !== 'job') return;
      seen.push({
        state: event.job.state,
        downloaded: event.job.downloaded,
        served: hub.bytesServed('data.bin'),
      });
    });
    const { job } = await service.create({ repoId: 'org/corrupt' });
    await waitFor(() => service.get(job.id)!.state === 'failed', 'failed', 20_000);
    const kept = README.length;
    expect(service.get(job.id)).toMatchObject({
      error: expect.objectContaining({ code: 'INTEGRITY_MISMATCH' }),
      downloaded: kept,
      total: DATA + kept,
      percent: 0,
    });
    const dataFile = () => service.files(job.id).find((file) => file.path === 'data.bin')!;
    expect(dataFile()).toMatchObject({ state: 'failed', downloaded: 0 });

    hub.setFaults({ perStreamBytesPerSecond: { path: 'data.bin', bytesPerSecond: 1_000_000 } });
    const servedAtRetry = hub.bytesServed('data.bin');
    seen.length = 0;
    await service.retry(job.id);
    await waitFor(() => dataFile().downloaded > 200_000, 'data.bin part-way again', 20_000);
    hub.resetFaults();
    await waitFor(() => service.get(job.id)!.state === 'completed', 'completed', 30_000);
    const running = seen.filter((entry) => entry.state !== 'completed');
    expect(running.length).toBeGreaterThan(0);
    for (const entry of running) {
      expect(entry.downloaded).toBeLessThanOrEqual(kept + (entry.served - servedAtRetry));
    }
    expect(service.get(job.id)).toMatchObject({ downloaded: DATA + kept, percent: 100 });
  }, 60_000);
});
