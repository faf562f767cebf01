/**
 * A run's speed history ends with the bytes it fetched after its last tick (job-ticks.ts, closeSpeedSamples): a
 * download that ends between two ticks keeps its last burst, at its rate over that stretch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { countsProgress } from '../../test/support/jobs/counts-progress.js';
import { freshTelemetry } from '../../test/support/jobs/fresh-telemetry.js';
import { type Harness, waitFor } from '../../test/support/jobs/service-harness.js';
import { harness } from '../../test/support/jobs/service-tests.js';
import type { JobView } from '../api-types.js';
import type { Store, StoredSpeedSample } from '../store/types.js';
import { type JobEntry, NO_LOG } from './job-service-options.js';
import { closeSpeedSamples, MIN_CLOSING_SAMPLE_MS, openSpeedSamples, tickRunningJob } from './job-ticks.js';

/** The service's clock, moved by hand; ticks never come on their own (a minute apart). */
let clockMs = 1_000_000;
const noTicks = { now: () => clockMs, tickIntervalMs: 60_000 };

afterEach(() => {
  clockMs = 1_000_000;
});

/** `test` on a job of org/a whose run has started, its service's clock at clockMs and no tick; cleaned up after. */
async function withRunningJob(test: (h: Harness, job: JobView) => Promise<void>): Promise<void> {
  const h = harness(noTicks);
  try {
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    await test(h, job);
  } finally {
    await h.cleanup();
  }
}

describe('speed history: the sample a run ends with', () => {
  it('a download that finishes before any tick keeps one sample at its rate', async () => {
    await withRunningJob(async (h, job) => {
      const total = h.service.get(job.id)!.total;
      clockMs += 2000;
      await h.runner.active.get('org/a')!.finish();
      await waitFor(() => h.service.get(job.id)!.state === 'completed', 'completed');
      const samples = h.service.history(job.id);
      expect(samples).toHaveLength(1);
      expect(samples[0]).toMatchObject({ t: clockMs, downloaded: total, fetchedBytes: total });
      expect(samples[0]!.bytesPerSecond).toBe(Math.round(total / 2));
    });
  });

  it('a paused run adds what it fetched since its start, at that rate', async () => {
    await withRunningJob(async (h, job) => {
      clockMs += 500;
      h.runner.active.get('org/a')!.progress(400);
      await h.service.pause(job.id);
      expect(h.service.history(job.id)).toEqual([
        { t: clockMs, bytesPerSecond: 800, downloaded: 400, fetchedBytes: 400 },
      ]);
    });
  });

  it('a run that fetched nothing adds no sample', async () => {
    await withRunningJob(async (h, job) => {
      clockMs += 1000;
      await h.service.pause(job.id);
      expect(h.service.history(job.id)).toEqual([]);
    });
  });

  it(`a run that ends within ${MIN_CLOSING_SAMPLE_MS} ms of its start adds no sample`, async () => {
    await withRunningJob(async (h, job) => {
      clockMs += MIN_CLOSING_SAMPLE_MS - 1;
      h.runner.active.get('org/a')!.progress(400);
      await h.service.pause(job.id);
      expect(h.service.history(job.id)).toEqual([]);
    });
  });
});

describe('speed history: where the closing stretch starts', () => {
  /** A store that keeps only the speed samples (the tick's other writes go nowhere). */
  const samplesStore = (samples: StoredSpeedSample[]) =>
    new Proxy({} as Store, {
      get: (_target, name) =>
        name === 'addSpeedSample'
          ? (_id: string, sample: StoredSpeedSample) => samples.push(sample)
          : () => undefined,
    });

  it('from when the count the last tick read arrived, not from the tick', () => {
    const samples: StoredSpeedSample[] = [];
    const store = samplesStore(samples);
    const entry = { job: { id: 'j' }, telemetry: freshTelemetry(), ticks: 0 } as unknown as JobEntry;
    const context = { store, logger: NO_LOG, stallTimeoutMs: 60_000, progressDir: null };
    entry.telemetry.beginRun(0);
    openSpeedSamples(entry, 0);
    // The engine's report of 400 bytes at 1000 ms; the tick reads it at 1300 ms, the run ends at 1600 ms
    // with 1000 bytes: 600 bytes over the 600 ms since they were counted, not over the 300 since the tick.
    entry.telemetry.handle(countsProgress(400, 400), 1000);
    tickRunningJob(entry, 1300, context);
    entry.telemetry.handle(countsProgress(1000, 1000), 1600);
    closeSpeedSamples(store, entry, 1600);
    expect(samples.map((sample) => [sample.t, sample.bytesPerSecond])).toEqual([
      [1300, expect.any(Number)],
      [1600, 1000],
    ]);
  });
});
