/**
 * The in-memory record of a job (stored job + telemetry + limiter), the active job a new request joins, and
 * which temp files are hubget's own.
 */
import type { JobFileView } from '../api-types.js';
import { cacheRepoLayout } from '../cache/cache-layout.js';
import { HubgetError } from '../errors.js';
import type { StoredJob } from '../store/types.js';
import { createRateLimiter } from '../transfer/rate-limiter.js';
import { crashBaselineOf } from './crash-fetched.js';
import { jobKey } from './job-key.js';
import type { JobEntry } from './job-service-options.js';
import { isActiveState } from './job-state-machine.js';
import { JobTelemetry } from './job-telemetry.js';

/** The active job (queued, running, paused) of the download `key` names (jobKey), which a new request joins. */
export function activeEntryOf(entries: Iterable<JobEntry>, key: string): JobEntry | undefined {
  for (const entry of entries) if (isActiveState(entry.job.state) && jobKey(entry.job) === key) return entry;
  return undefined;
}

/** No own job `id`: NOT_SUPPORTED for a download the external watcher shows (`watched`), else JOB_NOT_FOUND. */
export function unknownJobError(id: string, watched: boolean): HubgetError {
  return watched
    ? new HubgetError('NOT_SUPPORTED', 'This download is run by another program; hubget only watches it')
    : new HubgetError('JOB_NOT_FOUND', `No job with id ${id}`);
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
      copiedBytes: job.copiedBytes,
      linkedBytes: job.linkedBytes,
      fetchingMs: job.fetchingMs,
      hubWaitedMs: job.hubWaitedMs,
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
 * For the external watcher: temp files under the destination of a job that is not over (queued, running,
 * paused: a run killed before its first map write leaves a file without a resume map, and the job runs again
 * from it). A failed job's folder is not named: its run stopped normally, so its files have maps (or were
 * removed; a verified file it could not put in place too: commit-planned-file.ts), and another program fetching
 * that repo after hubget failed (a token the server lacks) is shown.
 * The watcher sorts the files with a resume map, and those claimed by a live run, itself, and shows a file
 * named here that grows while no live run claims it (docs/external-downloads.md): another process's download
 * into the same place is still shown, a hubget one or Python's into a paused job's folder.
 */
export function isOwnTempFile(path: string, entries: Iterable<JobEntry>, hubCacheDir: string): boolean {
  for (const { job } of entries) {
    if (!isActiveState(job.state)) continue;
    const root = job.localDir ?? cacheRepoLayout(hubCacheDir, job).repoDir;
    if (path.startsWith(`${root}/`)) return true;
  }
  return false;
}
