/**
 * A run's speed history ends with the bytes it fetched after its last tick (job-ticks.ts, closeSpeedSamples): a
 * download that ends between two ticks keeps its last burst, at its rate over that stretch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/jobs/service-harness.js';
import { harness } from '../../test/support/jobs/service-tests.js';
import { MIN_CLOSING_SAMPLE_MS } from './job-ticks.js';

/** The service's clock, moved by hand; ticks never come on their own (a minute apart). */
let clockMs = 1_000_000;
const noTicks = { now: () => clockMs, tickIntervalMs: 60_000 };

afterEach(() => {
  clockMs = 1_000_000;
});

describe('speed history: the sample a run ends with', () => {
  it('a download that finishes before any tick keeps one sample at its rate', async () => {
    const h = harness(noTicks);
    try {
      const { job } = await h.service.create({ repoId: 'org/a' });
      await waitFor(() => h.runner.active.has('org/a'), 'running');
      const total = h.service.get(job.id)!.total;
      clockMs += 2000;
      await h.runner.active.get('org/a')!.finish();
      await waitFor(() => h.service.get(job.id)!.state === 'completed', 'completed');
      const samples = h.service.history(job.id);
      expect(samples).toHaveLength(1);
      expect(samples[0]).toMatchObject({ t: clockMs, downloaded: total, fetchedBytes: total });
      expect(samples[0]!.bytesPerSecond).toBe(Math.round(total / 2));
    } finally {
      await h.cleanup();
    }
  });

  it('a paused run adds what it fetched since its start, at that rate', async () => {
    const h = harness(noTicks);
    try {
      const { job } = await h.service.create({ repoId: 'org/a' });
      await waitFor(() => h.runner.active.has('org/a'), 'running');
      clockMs += 500;
      h.runner.active.get('org/a')!.progress(400);
      await h.service.pause(job.id);
      expect(h.service.history(job.id)).toEqual([
        { t: clockMs, bytesPerSecond: 800, downloaded: 400, fetchedBytes: 400 },
      ]);
    } finally {
      await h.cleanup();
    }
  });

  it('a run that fetched nothing adds no sample', async () => {
    const h = harness(noTicks);
    try {
      const { job } = await h.service.create({ repoId: 'org/a' });
      await waitFor(() => h.runner.active.has('org/a'), 'running');
      clockMs += 1000;
      await h.service.pause(job.id);
      expect(h.service.history(job.id)).toEqual([]);
    } finally {
      await h.cleanup();
    }
  });

  it(`a run that ends within ${MIN_CLOSING_SAMPLE_MS} ms of its start adds no sample`, async () => {
    const h = harness(noTicks);
    try {
      const { job } = await h.service.create({ repoId: 'org/a' });
      await waitFor(() => h.runner.active.has('org/a'), 'running');
      clockMs += MIN_CLOSING_SAMPLE_MS - 1;
      h.runner.active.get('org/a')!.progress(400);
      await h.service.pause(job.id);
      expect(h.service.history(job.id)).toEqual([]);
    } finally {
      await h.cleanup();
    }
  });
});
