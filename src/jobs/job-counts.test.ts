/** What a local-dir job copied from the HF cache: counted per run, kept across a pause, added up, unknown before. */
import { describe, expect, it } from 'vitest';
import { countsProgress } from '../../test/support/jobs/counts-progress.js';
import { freshTelemetry } from '../../test/support/jobs/fresh-telemetry.js';
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
    const telemetry = new JobTelemetry({
      downloaded: 0,
      total: 0,
      filesDone: 0,
      filesTotal: 0,
      files: [],
      lastActivityAt: null,
      commit: null,
      fetchedBytes: 0,
      otherRunBytes: 0,
      copiedBytes: null,
      fetchingMs: 0,
    });
    telemetry.beginRun(0);
    telemetry.handle(copiedProgress(600, 0, 600), 1);
    expect(telemetry.counts().copiedBytes).toBeNull();
  });
});
