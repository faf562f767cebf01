/** What another download fetched for a job (files it waited for): counted per run, added up, stored, shown. */
import { describe, expect, it } from 'vitest';
import { countsProgress } from '../../test/support/jobs/counts-progress.js';
import { freshTelemetry } from '../../test/support/jobs/fresh-telemetry.js';
import { waitFor } from '../../test/support/jobs/service-harness.js';
import { harness } from '../../test/support/jobs/service-tests.js';
import type { TransferEvent } from '../progress/events.js';

const plan = (presentBytes: number): TransferEvent => ({
  type: 'plan',
  repoId: 'org/a',
  commit: 'c'.repeat(40),
  totalBytes: 1000,
  presentBytes,
  filesTotal: 2,
  filesPresent: 0,
  files: [
    { path: 'a.bin', size: 600, present: false },
    { path: 'b.bin', size: 400, present: false },
  ],
});
const progress = (downloaded: number, fetchedBytes: number, otherRunBytes: number) =>
  countsProgress(downloaded, fetchedBytes, otherRunBytes, 2);

describe('JobTelemetry: bytes another download fetched', () => {
  it('counts them from the progress events, keeps them across a pause and adds up the runs', () => {
    const telemetry = freshTelemetry();
    telemetry.beginRun(0);
    telemetry.handle(plan(0), 0);
    // Another download put a.bin (600 bytes) in place while this run waited for it.
    telemetry.handle(progress(600, 0, 600), 1);
    expect(telemetry.counts().otherRunBytes).toBe(600);
    // Paused: no `done` event.
    telemetry.endRun();
    expect(telemetry.counts().otherRunBytes).toBe(600);
    expect(telemetry.fetchedTotal()).toBe(0);
    // The next run fetches b.bin itself.
    telemetry.beginRun(2);
    telemetry.handle(plan(600), 2);
    telemetry.handle(progress(1000, 400, 0), 3);
    telemetry.handle(
      {
        type: 'done',
        resultPath: '/r',
        downloadedBytes: 400,
        otherRunBytes: 0,
        totalBytes: 1000,
        elapsedMs: 1,
        fetchingMs: 1,
      },
      3,
    );
    expect(telemetry.counts().otherRunBytes).toBe(600);
    expect(telemetry.fetchedTotal()).toBe(400);
  });

  it('stays unknown for a job stored before it was recorded', () => {
    const telemetry = freshTelemetry(0, null);
    telemetry.beginRun(0);
    telemetry.handle(plan(0), 0);
    telemetry.handle(progress(600, 0, 600), 1);
    expect(telemetry.counts().otherRunBytes).toBeNull();
  });
});

describe('jobs service: bytes another download fetched', () => {
  it('shows them apart from what the job fetched and keeps them across a restart', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    expect(job.otherRunBytes).toBe(0);
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    h.runner.active.get('org/a')!.progress(600, 100, 500);
    expect(h.service.get(job.id)).toMatchObject({ fetchedBytes: 100, otherRunBytes: 500 });
    h.service.pause(job.id);
    await h.service.shutdown();
    const again = h.restart();
    expect(again.get(job.id)).toMatchObject({ fetchedBytes: 100, otherRunBytes: 500 });
  });

  it('records what the job fetched itself with each speed sample, apart from what landed on disk', async () => {
    const h = harness();
    const { job } = await h.service.create({ repoId: 'org/a' });
    await waitFor(() => h.runner.active.has('org/a'), 'running');
    h.runner.active.get('org/a')!.progress(600, 100, 500);
    await waitFor(() => h.service.history(job.id).some((sample) => sample.downloaded === 600), 'sampled');
    const sample = h.service.history(job.id).find((candidate) => candidate.downloaded === 600);
    expect(sample).toMatchObject({ downloaded: 600, fetchedBytes: 100 });
  });
});
