/**
 * What a local-dir job copied from the HF cache, and how long a job waited for the Hub: counted per run, kept across
 * a pause, added up, unknown before.
 */
import { describe, expect, it } from 'vitest';
import { countsProgress } from '../../test/support/jobs/counts-progress.js';
import { freshSnapshot, freshTelemetry } from '../../test/support/jobs/fresh-telemetry.js';
import { JobTelemetry } from './job-telemetry.js';

const copiedProgress = (downloaded: number, fetchedBytes: number, copiedBytes: number) =>
  countsProgress(downloaded, fetchedBytes, 0, 2, fetchedBytes, copiedBytes);

describe('JobTelemetry: bytes copied from the HF cache', () => {
  it('counts them from the progress events, keeps them across a pause and adds up the runs', () => {
    const telemetry = freshTelemetry();
    telemetry.beginRun(0);
    // a.bin (600 bytes) copied from the HF cache, then paused: no `done` event.
    telemetry.handle(copiedProgress(600, 0, 600), 1);
    telemetry.endRun();
    expect(telemetry.counts()).toMatchObject({ copiedBytes: 600, fetchedBytes: 0 });
    // The next run copies b.bin too; its `done` says the same count.
    telemetry.beginRun(2);
    telemetry.handle(copiedProgress(1000, 0, 400), 3);
    telemetry.handle(
      {
        type: 'done',
        resultPath: '/r',
        downloadedBytes: 0,
        copiedBytes: 400,
        totalBytes: 1000,
        elapsedMs: 1,
        fetchingMs: 0,
      },
      3,
    );
    expect(telemetry.counts()).toMatchObject({ copiedBytes: 1000, fetchedBytes: 0 });
  });

  it('stays unknown for a job stored before it was recorded', () => {
    const telemetry = new JobTelemetry(freshSnapshot({ copiedBytes: null, hubWaitedMs: null }));
    telemetry.beginRun(0);
    telemetry.handle(copiedProgress(600, 0, 600), 1);
    expect(telemetry.counts().copiedBytes).toBeNull();
  });
});

describe('JobTelemetry: the time a job waited for the Hub', () => {
  const waited = (hubWaitedMs: number) => ({ ...countsProgress(100, 100), hubWaitedMs });

  it('counts it from the progress events, keeps it across a pause and adds up the runs', () => {
    const telemetry = freshTelemetry();
    telemetry.beginRun(0);
    // A 429's Retry-After: 61 s with every file waiting, then paused before `done`.
    telemetry.handle(waited(61_000), 1);
    telemetry.endRun();
    expect(telemetry.counts().hubWaitedMs).toBe(61_000);
    telemetry.beginRun(2);
    telemetry.handle(waited(4000), 3);
    const done = {
      type: 'done',
      resultPath: '/r',
      downloadedBytes: 100,
      totalBytes: 1000,
      elapsedMs: 1,
    } as const;
    telemetry.handle({ ...done, fetchingMs: 100, hubWaitedMs: 5000 }, 4);
    expect(telemetry.counts().hubWaitedMs).toBe(66_000);
  });

  it('stays unknown for a job stored before it was recorded', () => {
    const telemetry = new JobTelemetry(freshSnapshot({ hubWaitedMs: null }));
    telemetry.beginRun(0);
    telemetry.handle(waited(3000), 1);
    expect(telemetry.counts().hubWaitedMs).toBeNull();
  });
});
