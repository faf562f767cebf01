/**
 * The contract every `Store` adapter must pass (as tus-node-server's shared DataStore suite). An adapter's
 * test file calls `describeStoreContract('name', () => open a fresh store)`.
 */
import { describe, expect, it } from 'vitest';
import { NO_STORED_INTERRUPTIONS } from '../../src/jobs/job-interruptions.js';
import type { Store, StoredJob } from '../../src/store/types.js';

export function sampleStoredJob(overrides: Partial<StoredJob> = {}): StoredJob {
  return {
    id: 'job-1',
    repoId: 'org/model',
    repoType: 'model',
    revision: 'main',
    include: ['*.json'],
    exclude: ['*.bin'],
    localDir: null,
    name: 'model',
    bandwidthLimit: 0,
    state: 'queued',
    commit: null,
    totalBytes: 0,
    downloadedBytes: 0,
    filesTotal: 0,
    filesDone: 0,
    errorCode: null,
    errorMessage: null,
    createdAt: 1_700_000_000_000,
    startedAt: null,
    finishedAt: null,
    lastActivityAt: null,
    fetchedBytes: 0,
    otherRunBytes: 0,
    copiedBytes: 0,
    linkedBytes: 0,
    fetchingMs: 0,
    hubWaitedMs: 0,
    ...NO_STORED_INTERRUPTIONS,
    startNow: false,
    repair: false,
    queueOrder: 1,
    resultPath: null,
    tempPrefixes: [],
    ...overrides,
  };
}

export function describeStoreContract(name: string, openStore: () => { store: Store; cleanup?: () => void }) {
  describe(`Store contract: ${name}`, () => {
    const withStore = (test: (store: Store) => void) => () => {
      const { store, cleanup } = openStore();
      try {
        test(store);
      } finally {
        store.close();
        cleanup?.();
      }
    };

    it(
      'round-trips every job field',
      withStore((store) => {
        const job = sampleStoredJob({
          localDir: 'my-model',
          commit: 'a'.repeat(40),
          errorCode: 'TRANSFER_FAILED',
          errorMessage: 'boom',
          startedAt: 1_700_000_001_000,
          finishedAt: 1_700_000_002_000,
          lastActivityAt: 1_700_000_001_500,
          fetchedBytes: 4_000_000_000,
          otherRunBytes: 3_000_000_000,
          copiedBytes: 2_000_000_000,
          fetchingMs: 80_000,
          hubWaitedMs: 217_000,
          startNow: true,
          repair: true,
          totalBytes: 10_000_000_000,
          downloadedBytes: 5_000_000_000,
          filesTotal: 3,
          filesDone: 1,
          bandwidthLimit: 1_000_000,
          resultPath: '/models/my-model',
          tempPrefixes: [
            '/cache/models--org--m/blobs/abc',
            '/models/my-model/.cache/huggingface/download/x.y',
          ],
          state: 'failed',
        });
        store.insertJob(job);
        expect(store.getJob('job-1')).toEqual(job);
        expect(store.getJob('missing')).toBeUndefined();
      }),
    );

    it(
      'updates only the patched fields and ignores unknown ids',
      withStore((store) => {
        store.insertJob(sampleStoredJob());
        store.updateJob('job-1', { state: 'running', downloadedBytes: 42, include: ['a', 'b'] });
        store.updateJob('nope', { state: 'running' });
        expect(store.getJob('job-1')).toEqual(
          sampleStoredJob({ state: 'running', downloadedBytes: 42, include: ['a', 'b'] }),
        );
        expect(store.listJobs()).toHaveLength(1);
      }),
    );

    it(
      'lists jobs by queue order then creation time',
      withStore((store) => {
        store.insertJob(sampleStoredJob({ id: 'c', queueOrder: 2, createdAt: 1 }));
        store.insertJob(sampleStoredJob({ id: 'a', queueOrder: 1, createdAt: 5 }));
        store.insertJob(sampleStoredJob({ id: 'b', queueOrder: 1, createdAt: 9 }));
        store.insertJob(sampleStoredJob({ id: 'z', queueOrder: -0.5, createdAt: 9 }));
        expect(store.listJobs().map((job) => job.id)).toEqual(['z', 'a', 'b', 'c']);
      }),
    );

    it(
      'replaces and upserts job files, and deleting a job removes its files and samples',
      withStore((store) => {
        store.insertJob(sampleStoredJob());
        store.insertJob(sampleStoredJob({ id: 'other' }));
        store.replaceJobFiles('job-1', [
          { path: 'b.bin', size: 10, downloaded: 0, state: 'pending' },
          { path: 'a.json', size: 5, downloaded: 5, state: 'present' },
        ]);
        store.replaceJobFiles('other', [{ path: 'x', size: 1, downloaded: 0, state: 'pending' }]);
        store.upsertJobFiles('job-1', [{ path: 'b.bin', size: 10, downloaded: 7, state: 'downloading' }]);
        expect(store.listJobFiles('job-1')).toEqual([
          { path: 'a.json', size: 5, downloaded: 5, state: 'present' },
          { path: 'b.bin', size: 10, downloaded: 7, state: 'downloading' },
        ]);
        store.replaceJobFiles('job-1', [{ path: 'c', size: 1, downloaded: 1, state: 'verified' }]);
        expect(store.listJobFiles('job-1').map((file) => file.path)).toEqual(['c']);

        store.addSpeedSample('job-1', { t: 1000, bytesPerSecond: 5, downloaded: 5, fetchedBytes: 5 });
        store.deleteJob('job-1');
        expect(store.getJob('job-1')).toBeUndefined();
        expect(store.listJobFiles('job-1')).toEqual([]);
        expect(store.listSpeedSamples('job-1')).toEqual([]);
        expect(store.listJobFiles('other')).toHaveLength(1);
      }),
    );

    it(
      "keeps a removed job's id until it is forgotten",
      withStore((store) => {
        store.insertJob(sampleStoredJob());
        store.insertJob({ ...sampleStoredJob(), id: 'job-2' });
        expect(store.listRemovedJobIds()).toEqual([]);
        store.deleteJob('job-2');
        store.deleteJob('job-1');
        expect(store.listRemovedJobIds()).toEqual(['job-1', 'job-2']);
        store.forgetRemovedJobs(['job-1']);
        expect(store.listRemovedJobIds()).toEqual(['job-2']);
      }),
    );

    it(
      'keeps speed samples in time order, with the fetched count when recorded',
      withStore((store) => {
        store.insertJob(sampleStoredJob());
        store.addSpeedSample('job-1', { t: 2000, bytesPerSecond: 20, downloaded: 30, fetchedBytes: 12 });
        store.addSpeedSample('job-1', { t: 1000, bytesPerSecond: 10, downloaded: 10, fetchedBytes: null });
        expect(store.listSpeedSamples('job-1')).toEqual([
          { t: 1000, bytesPerSecond: 10, downloaded: 10, fetchedBytes: null },
          { t: 2000, bytesPerSecond: 20, downloaded: 30, fetchedBytes: 12 },
        ]);
      }),
    );

    it(
      'downsamples a 10-hour history to a small one, keeping the last 10 minutes at full resolution',
      withStore((store) => {
        store.insertJob(sampleStoredJob());
        const start = 1_700_000_000_000;
        const seconds = 10 * 3600;
        // Compacting every few minutes (the jobs service does it every minute; the result is the same).
        for (let second = 0; second < seconds; second += 1) {
          const t = start + second * 1000;
          const downloaded = (second + 1) * 1000;
          store.addSpeedSample('job-1', {
            t,
            bytesPerSecond: 1000,
            downloaded,
            fetchedBytes: downloaded / 2,
          });
          if (second % 300 === 299) store.compactSpeedSamples('job-1', t);
        }
        const now = start + (seconds - 1) * 1000;
        store.compactSpeedSamples('job-1', now);
        const samples = store.listSpeedSamples('job-1');
        expect(samples.length).toBeLessThan(1600);
        expect(samples.length).toBeGreaterThan(1000);
        const recent = samples.filter((sample) => now - sample.t <= 10 * 60_000);
        expect(recent).toHaveLength(601);
        const old = samples.filter((sample) => now - sample.t > 60 * 60_000);
        // Beyond an hour: about one per minute (a bucket straddling the tier boundary may hold two).
        expect(old.length).toBeLessThanOrEqual(9 * 60 + 2);
        expect(old.length).toBeGreaterThanOrEqual(9 * 60 - 2);
        // Merged samples keep the mean speed and the last cumulative byte count of their bucket.
        expect(samples.every((sample) => sample.bytesPerSecond === 1000)).toBe(true);
        expect(samples[samples.length - 1]!.downloaded).toBe(seconds * 1000);
        for (let i = 1; i < samples.length; i += 1) {
          expect(samples[i]!.downloaded).toBeGreaterThan(samples[i - 1]!.downloaded);
        }
        // And the fetched count of that same last sample.
        expect(samples.every((sample) => sample.fetchedBytes === sample.downloaded / 2)).toBe(true);
      }),
    );

    it(
      'stores settings as JSON values',
      withStore((store) => {
        expect(store.getSetting('maxParallel')).toBeUndefined();
        store.setSetting('maxParallel', 3);
        store.setSetting('endpoint', 'http://127.0.0.1:1');
        store.setSetting('maxParallel', 4);
        store.setSetting('nested', { a: [1, 2] });
        expect(store.getSetting('maxParallel')).toBe(4);
        expect(store.listSettings()).toEqual({
          maxParallel: 4,
          endpoint: 'http://127.0.0.1:1',
          nested: { a: [1, 2] },
        });
      }),
    );
  });
}
