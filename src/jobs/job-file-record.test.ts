/**
 * Where a job's files were copied from (JobFileView.copiedFrom) across its runs: a later plan of the same snapshot
 * finds the copied file present and keeps the place, after a pause and after a cancel (a retried job's History
 * still names it); another commit's plan does not carry it.
 */
import { describe, expect, it } from 'vitest';
import { freshTelemetry } from '../../test/support/jobs/fresh-telemetry.js';
import type { TransferEvent } from '../progress/events.js';

const PLACE = { from: 'local-dir' as const, dir: '/models/first' };

/** A plan of one copied file and one to fetch; `copying`: this plan copies it (else it is found present). */
function plan(copying: boolean, commit = 'c'.repeat(40)): TransferEvent {
  return {
    type: 'plan',
    repoId: 'org/a',
    commit,
    totalBytes: 300,
    presentBytes: copying ? 0 : 100,
    filesTotal: 2,
    filesPresent: copying ? 0 : 1,
    files: [
      copying
        ? { path: 'copied.bin', size: 100, present: false, copiedFrom: PLACE }
        : { path: 'copied.bin', size: 100, present: true },
      { path: 'fetched.bin', size: 200, present: false },
    ],
  };
}

const copiedFrom = (telemetry: ReturnType<typeof freshTelemetry>) =>
  telemetry.files.get('copied.bin')?.copiedFrom;

describe('where a copied file came from, across runs', () => {
  it('is kept by a retry after a cancel, as after a pause', () => {
    const telemetry = freshTelemetry();
    telemetry.handle(plan(true), 0);
    telemetry.endRun();
    telemetry.handle(plan(false), 1000);
    expect(copiedFrom(telemetry)).toEqual(PLACE);

    telemetry.endRun();
    telemetry.dropPartialFiles(); // cancelled
    telemetry.handle(plan(false), 2000); // retried
    expect(copiedFrom(telemetry)).toEqual(PLACE);
    expect(telemetry.files.get('fetched.bin')).toMatchObject({ downloaded: 0, state: 'pending' });
  });

  it('is not carried to another commit', () => {
    const telemetry = freshTelemetry();
    telemetry.handle(plan(true), 0);
    telemetry.endRun();
    telemetry.dropPartialFiles();
    telemetry.handle(plan(false, 'd'.repeat(40)), 1000);
    expect(copiedFrom(telemetry)).toBeUndefined();
  });
});
