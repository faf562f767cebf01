/** A job's telemetry before anything was planned or fetched; `fetchedBytes` as stored (null: not recorded). */
import { JobTelemetry } from '../../../src/jobs/job-telemetry.js';

export function freshTelemetry(
  fetchedBytes: number | null = 0,
  otherRunBytes: number | null = 0,
  fetchingMs: number | null = 0,
): JobTelemetry {
  return new JobTelemetry({
    downloaded: 0,
    total: 0,
    filesDone: 0,
    filesTotal: 0,
    files: [],
    lastActivityAt: null,
    commit: null,
    fetchedBytes,
    otherRunBytes,
    copiedBytes: 0,
    fetchingMs,
    hubWaitedMs: 0,
  });
}
