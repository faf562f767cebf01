/** A job's telemetry before anything was planned or fetched; `fetchedBytes` as stored (null: not recorded). */
import { JobTelemetry, type TelemetrySnapshot } from '../../../src/jobs/job-telemetry.js';

/** What a job stored before anything was planned or fetched holds, with `more` in place of its fields. */
export function freshSnapshot(more: Partial<TelemetrySnapshot> = {}): TelemetrySnapshot {
  return {
    downloaded: 0,
    total: 0,
    filesDone: 0,
    filesTotal: 0,
    files: [],
    lastActivityAt: null,
    commit: null,
    fetchedBytes: 0,
    otherRunBytes: 0,
    copiedBytes: 0,
    linkedBytes: 0,
    fetchingMs: 0,
    hubWaitedMs: 0,
    ...more,
  };
}

export function freshTelemetry(
  fetchedBytes: number | null = 0,
  otherRunBytes: number | null = 0,
  fetchingMs: number | null = 0,
): JobTelemetry {
  return new JobTelemetry(freshSnapshot({ fetchedBytes, otherRunBytes, fetchingMs }));
}
