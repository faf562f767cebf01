/**
 * The in-memory record of a job (stored job + telemetry + limiter), the active job a new request joins, and
 * which temp files are hubget's own.
 */
import { existsSync } from 'node:fs';
import type { JobFileView } from '../api-types.js';
import { cacheRepoLayout, resumeMapPathOf } from '../cache/cache-layout.js';
import type { StoredJob } from '../store/types.js';
import { createRateLimiter } from '../transfer/rate-limiter.js';
import { crashBaselineOf } from './crash-fetched.js';
import { jobKey } from './job-request.js';
import type { JobEntry } from './job-service-options.js';
import { isActiveState } from './job-state-machine.js';
import { JobTelemetry } from './job-telemetry.js';

/** The active job (queued, running, paused) of the download `key` names (jobKey), which a new request joins. */
export function activeEntryOf(entries: Iterable<JobEntry>, key: string): JobEntry | undefined {
  for (const entry of entries) if (isActiveState(entry.job.state) && jobKey(entry.job) === key) return entry;
  return undefined;
}

/** A job as loaded from the store (or just created): telemetry starts from its stored counters. */
export function createJobEntry(job: StoredJob, files: JobFileView[]): JobEntry {
  const entry: JobEntry = {
    job,
    telemetry: new JobTelemetry({
      downloaded: job.downloadedBytes,
      total: job.totalBytes,
      filesDone: job.filesDone,
      filesTotal: job.filesTotal,
      files,
      lastActivityAt: job.lastActivityAt,
      commit: job.commit,
      fetchedBytes: job.fetchedBytes,
      otherRunBytes: job.otherRunBytes,
      fetchingMs: job.fetchingMs,
    }),
    limiter: createRateLimiter(job.bandwidthLimit),
    run: undefined,
    progressFile: undefined,
    ticks: 0,
  };
  // A cancel deleted its partial files (also in a store written before cancels said so): it shows, and a
  // retry starts from, what is on disk.
  if (job.state === 'cancelled') entry.telemetry.dropPartialFiles();
  // Stored as running: the server stopped while it ran (killed, or shut down, which stores its last counts
  // exactly and leaves nothing to add); its next plan counts what arrived after its last stored count.
  if (job.state === 'running') entry.crashBaseline = crashBaselineOf(entry);
  return entry;
}

/**
 * hubget's temp files carry a resume-map sidecar (src/cache/temp-files.ts); one created a moment ago may
 * not have it yet, so anything under the destination of a running job counts too.
 */
export function isOwnTempFile(path: string, entries: Iterable<JobEntry>, hubCacheDir: string): boolean {
  if (existsSync(resumeMapPathOf(path))) return true;
  for (const { job } of entries) {
    if (job.state !== 'running') continue;
    const root = job.localDir ?? cacheRepoLayout(hubCacheDir, job).repoDir;
    if (path.startsWith(`${root}/`)) return true;
  }
  return false;
}
