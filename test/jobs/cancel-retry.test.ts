/**
 * Cancel, then retry, with the real engine against the test hub: cancel deletes the partial files, so the
 * cancelled job shows only the finished files, and the retried job's progress is never ahead of the disk
 * (what it shows is at most what was kept plus what the hub has sent since), also after a restart.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobServiceEvent } from '../../src/jobs/types.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { engineServices } from '../support/jobs/engine-service.js';
import { waitFor } from '../support/jobs/service-harness.js';

const BIG = 8_000_000;
const SMALL = 100_000;

let hub: TestHub;
const engines = engineServices('cancel-retry');

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({
    repoId: 'org/mixed',
    files: [
      { path: 'config.json', content: '{"model_type":"test"}' },
      { path: 'small.bin', size: SMALL },
      { path: 'big.bin', size: BIG },
    ],
  });
});

afterAll(() => hub.close());

afterEach(async () => {
  hub.resetFaults();
  await engines.stopAll();
});

/** Each job event, with the bytes of big.bin the hub had sent when it was published. */
interface Seen {
  state: string;
  downloaded: number;
  served: number;
}

async function startService(existingDir?: string) {
  const service = await engines.start(
    hub.url,
    { progressFiles: false, tickIntervalMs: 100, connectionsPerFile: 1 },
    existingDir,
  );
  const seen: Seen[] = [];
  service.subscribe((event: JobServiceEvent) => {
    if (event.type !== 'job') return;
    seen.push({
      state: event.job.state,
      downloaded: event.job.downloaded,
      served: hub.bytesServed('big.bin'),
    });
  });
  return { service, seen };
}

/** Bytes of finished blobs in the cache (temp files and resume maps excluded). */
function finishedBytesOnDisk(): number {
  const blobs = join(engines.dir, 'cache', 'models--org--mixed', 'blobs');
  if (!existsSync(blobs)) return 0;
  return readdirSync(blobs)
    .filter((name) => !name.includes('.incomplete') && !name.endsWith('.hubget-ranges'))
    .reduce((sum, name) => sum + statSync(join(blobs, name)).size, 0);
}

function tempFilesOnDisk(): string[] {
  const blobs = join(engines.dir, 'cache', 'models--org--mixed', 'blobs');
  return existsSync(blobs) ? readdirSync(blobs).filter((name) => name.includes('.incomplete')) : [];
}

describe('cancel, then retry', () => {
  it.each([false, true])(
    'progress is never ahead of the disk (restart in between: %s)',
    async (restart) => {
      hub.setFaults({ perStreamBytesPerSecond: { path: 'big.bin', bytesPerSecond: 1_000_000 } });
      let { service, seen } = await startService();
      const { job } = await service.create({ repoId: 'org/mixed' });
      const bigFile = () => service.files(job.id).find((file) => file.path === 'big.bin');
      await waitFor(
        () => service.get(job.id)!.filesDone === 2 && (bigFile()?.downloaded ?? 0) > 300_000,
        'the small files done and big.bin part-way',
        20_000,
      );

      const cancelled = await service.cancel(job.id);
      expect(tempFilesOnDisk()).toEqual([]);
      const kept = finishedBytesOnDisk();
      expect(kept).toBe(SMALL + 21);
      // The cancelled job shows what is on disk: the finished files, not the deleted part of big.bin.
      expect(cancelled).toMatchObject({ state: 'cancelled', downloaded: kept, filesDone: 2 });
      expect(bigFile()).toMatchObject({ downloaded: 0, state: 'pending' });
      expect(seen.at(-1)).toMatchObject({ state: 'cancelled', downloaded: kept });

      if (restart) {
        await service.shutdown();
        ({ service, seen } = await startService(engines.dir));
        expect(service.get(job.id)).toMatchObject({ state: 'cancelled', downloaded: kept });
      }

      const servedAtRetry = hub.bytesServed('big.bin');
      seen.length = 0;
      await service.retry(job.id);
      await waitFor(() => (bigFile()?.downloaded ?? 0) > 200_000, 'big.bin part-way again', 20_000);
      const fileNow = bigFile()!;
      expect(fileNow.downloaded).toBeLessThanOrEqual(hub.bytesServed('big.bin') - servedAtRetry);
      hub.resetFaults();
      await waitFor(() => service.get(job.id)!.state === 'completed', 'completed', 30_000);

      const running = seen.filter((entry) => entry.state !== 'completed');
      expect(running.length).toBeGreaterThan(0);
      for (const entry of running) {
        expect(entry.downloaded).toBeLessThanOrEqual(kept + (entry.served - servedAtRetry));
      }
      expect(service.get(job.id)).toMatchObject({ downloaded: BIG + SMALL + 21, percent: 100 });
    },
    60_000,
  );
});
