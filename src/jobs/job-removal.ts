/**
 * Removing a finished job from the list (`JobService.remove`): its record, files and speed history leave the
 * store, its progress file the progress folder; the files it downloaded stay on disk (docs/jobs.md).
 *
 * The store keeps the removed job's id until its progress file is gone: a kill between the two left the file
 * for ever, its id unknown to the store, and a file of an unknown id is never deleted (the folder, by default
 * the system's temp folder, is shared with other servers and programs writing such files: progress-files.ts).
 * The next start deletes the file by that id, which this store issued, so it is this data dir's file.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HubgetError } from '../errors.js';
import { progressFileName } from '../progress/progress-file.js';
import type { Store } from '../store/types.js';
import type { JobEntry } from './job-service-options.js';
import { isActiveState } from './job-state-machine.js';
import { removeProgressFile } from './progress-files.js';
import type { JobServiceEvent } from './types.js';

interface RemovalHost {
  store: Store;
  progressDir(): string | null;
  publish(event: JobServiceEvent): void;
}

/** Removes `entry` (a finished job) from `entries` and the store; INVALID_STATE for an active one. */
export function removeFinishedJob(host: RemovalHost, entries: Map<string, JobEntry>, entry: JobEntry): void {
  const { id, state } = entry.job;
  if (isActiveState(state)) {
    throw new HubgetError('INVALID_STATE', `Cannot remove a ${state} job: cancel it first`);
  }
  host.store.deleteJob(id);
  entries.delete(id);
  void removeProgressFile(entry, host.progressDir()).then(() => forget(host.store, [id]));
  host.publish({ type: 'job-removed', id });
}

/** At start: deletes the progress files in `dir` of the jobs removed before their file was (see above). */
export async function removeRemovedJobsFiles(store: Store, dir: string | null): Promise<void> {
  const ids = store.listRemovedJobIds();
  if (dir !== null) {
    await Promise.all(ids.map((id) => rm(join(dir, progressFileName(id)), { force: true }).catch(() => {})));
  }
  forget(store, ids);
}

function forget(store: Store, ids: readonly string[]): void {
  try {
    store.forgetRemovedJobs(ids);
  } catch {
    // The store closed meanwhile (a shutdown): the next start deletes the file, gone already, and forgets.
  }
}
