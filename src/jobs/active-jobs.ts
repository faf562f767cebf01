/**
 * Which jobs still own files on disk, so that nothing deletes them from under a job: a queued, running or
 * paused job keeps its partial files and resume maps in the place it downloads to, and a paused one writes
 * nothing for as long as it stays paused. The server's Delete (src/server/routes/models.ts) and `hubget rm`
 * (src/cli/rm-run.ts, which reads the server's stored jobs) refuse with the same error.
 */
import type { ApiRepoType, JobKind, JobState } from '../api-types.js';
import { isInside } from '../cache/safe-path.js';
import { HubgetError } from '../errors.js';
import { isActiveState } from './job-state-machine.js';

/** A job in an active state (job-state-machine.ts: queued, running or paused). */
export function isActiveJob(job: { state: JobState }): boolean {
  return isActiveState(job.state);
}

/** An active job that downloads this repo (any revision) into the HF cache rather than a local folder. */
export function isActiveCacheJobFor(
  job: { state: JobState; localDir: string | null; repoType: ApiRepoType; repoId: string },
  repoType: ApiRepoType,
  repoId: string,
): boolean {
  return isActiveJob(job) && job.localDir === null && job.repoType === repoType && job.repoId === repoId;
}

/**
 * An active job that downloads into the local dir `folder` or a folder inside it (a job's `localDir` is
 * stored absolute, resolved against the models dir when it was made).
 */
export function isActiveJobInFolder(
  job: { state: JobState; localDir: string | null },
  folder: string,
): boolean {
  return (
    isActiveJob(job) && job.localDir !== null && (job.localDir === folder || isInside(folder, job.localDir))
  );
}

/**
 * IN_USE: `what` (a repo id, a folder) is where job `job.id` downloads to. Another program's download (an
 * external job, which hubget only watches) cannot be cancelled here: the advice says so.
 */
export function jobInUseError(
  what: string,
  job: { id: string; state: JobState; kind?: JobKind },
): HubgetError {
  const advice =
    job.kind === 'external'
      ? `is being downloaded by another program (watched as ${job.id}); wait for it to finish or stop that program`
      : `is used by download job ${job.id} (${job.state}); cancel it first`;
  return new HubgetError('IN_USE', `${what} ${advice}`, { details: { jobId: job.id } });
}
