/**
 * The `download_{jobId}.json` progress files of the service's jobs (docs/jobs.md, "Progress files"): written at
 * each tick of a running job (job-ticks.ts), removed when the job ends (completes, fails, is cancelled or
 * found on disk), is removed, and at shutdown; an earlier process's files too (a kill -9 leaves them).
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { toHubgetError } from '../errors.js';
import {
  createProgressFileWriter,
  jobIdOfProgressFile,
  progressFileName,
} from '../progress/progress-file.js';
import type { JobEntry, JobsLogger } from './job-service-options.js';
import { isActiveState } from './job-state-machine.js';

/** Writes the job's figures to its progress file (at most once a second: progress-file.ts). */
export function updateProgressFile(entry: JobEntry, dir: string, logger: JobsLogger): void {
  entry.progressFile ??= createProgressFileWriter({
    dir,
    jobId: entry.job.id,
    onError: (error) =>
      logger.warn({ jobId: entry.job.id, error: toHubgetError(error, 'IO_ERROR').toJSON() }, 'Progress file'),
  });
  const { telemetry } = entry;
  entry.progressFile.update({
    downloaded: telemetry.downloaded,
    total: telemetry.total,
    speed: telemetry.speed(),
    eta: telemetry.eta(),
  });
}

/**
 * Deletes the job's progress file: its writer's, or else the one in `dir` an earlier process wrote (a job
 * recovered after a kill -9 that ends before its first tick has no writer yet, and the killed process's file
 * said 47 % for ever). `dir` null: only a writer's.
 */
export async function removeProgressFile(entry: JobEntry, dir: string | null): Promise<void> {
  const writer = entry.progressFile;
  entry.progressFile = undefined;
  if (writer) await writer.remove();
  else if (dir !== null) await rm(join(dir, progressFileName(entry.job.id)), { force: true }).catch(() => {});
}

/**
 * At start: deletes the progress files in `dir` of the stored jobs that ended (completed, failed, cancelled),
 * which a process killed between the job's end and the file's removal left (those of jobs removed just before
 * a kill: job-removal.ts). A file of a job the store does not know is left: the folder (by default the system's
 * temp folder) is shared with other hubget servers and other programs that write such files (docs/origins.md
 * §2), and a file does not say who wrote it.
 */
export async function removeEndedJobsFiles(
  dir: string | null,
  entries: ReadonlyMap<string, JobEntry>,
): Promise<void> {
  if (dir === null) return;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const id = jobIdOfProgressFile(name);
    const entry = id === undefined ? undefined : entries.get(id);
    if (entry && !isActiveState(entry.job.state)) await removeProgressFile(entry, dir);
  }
}

/** At shutdown: every writer's file, and an active job's file an earlier process wrote (no writer here). */
export async function removeFilesAtShutdown(entries: Iterable<JobEntry>, dir: string | null): Promise<void> {
  for (const entry of entries) await removeProgressFile(entry, isActiveState(entry.job.state) ? dir : null);
}
