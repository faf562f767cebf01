/**
 * Which of the server's jobs own what `hubget rm` deletes in a local dir (rm-run.ts, rm-local-quant.ts): an
 * active job writing into that folder or one inside it. The folder is given by its real path, so the job's is made
 * real too (a models dir reached through a symlink).
 */
import { resolve } from 'node:path';
import { realpathOfExisting } from '../cache/index.js';
import { isActiveJobInFolder } from '../jobs/active-jobs.js';
import type { StoredJob } from '../store/index.js';

export function localDirJobOwns(realFolder: string): (job: StoredJob) => boolean {
  return (job) =>
    isActiveJobInFolder(
      { ...job, localDir: job.localDir && realpathOfExisting(resolve(job.localDir)) },
      realFolder,
    );
}
