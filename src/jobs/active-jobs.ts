/**
 * Which jobs still own files on disk, so that nothing deletes them from under a job: a queued, running or
 * paused job keeps its partial files and resume maps in the place it downloads to, and a paused one writes
 * nothing for as long as it stays paused. The server's Delete (src/server/routes/models.ts) and `hubget rm`
 * (src/cli/rm-run.ts, which reads the server's stored jobs) refuse with the same error; then both ask who
 * else owns files there (src/transfer/downloads-here.ts).
 */
import { resolve } from 'node:path';
import type { ApiRepoType, JobKind, JobState } from '../api-types.js';
import { isInside, realpathOfExisting } from '../cache/safe-path.js';
import { HubgetError } from '../errors.js';
import { isActiveState } from './job-state-machine.js';

// Pure, in job-state-machine.ts so that the web UI's Models page uses it too (no Delete while one holds a model).
export { isActiveOwnJob } from './job-state-machine.js';

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
 * `isActiveJobInFolder` by real paths, the rule the server's Delete and `hubget rm` both ask: `realFolder` is the
 * folder's real path (`realFolderInModelsDir`, or a user's folder made real), and the job's `localDir` (absolute)
 * is made real here, so a symlink to a job's folder, or a models dir reached through one, is still that folder.
 */
export function isActiveJobInRealFolder(
  job: { state: JobState; localDir: string | null },
  realFolder: string,
): boolean {
  return isActiveJobInFolder(
    { ...job, localDir: job.localDir && realpathOfExisting(resolve(job.localDir)) },
    realFolder,
  );
}

/** A job of hubget's own that is paused or queued: one another download may have finished (found-on-disk.ts). */
export function isWaitingOwnJob(job: { state: JobState; kind?: JobKind }): boolean {
  return (job.state === 'paused' || job.state === 'queued') && job.kind !== 'external';
}

/**
 * IN_USE: `what` (a repo id, a folder) is where a job of hubget's own downloads to. The message names the
 * download as the web UI and the Downloads page do, by its name and state (`org/m is used by the paused
 * download "m"`), never by its id, which means nothing to a person; the id stays in `details.jobId`.
 */
export function jobInUseError(what: string, job: { id: string; name: string; state: JobState }): HubgetError {
  return new HubgetError(
    'IN_USE',
    `${what} is used by the ${job.state} download ${JSON.stringify(job.name)}; cancel it first`,
    {
      details: { jobId: job.id },
    },
  );
}
