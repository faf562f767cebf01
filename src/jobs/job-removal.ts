/**
 * Removing a finished job from the list (`JobService.remove`): its record, files and speed history leave the
 * store, its progress file the progress folder; the files it downloaded stay on disk (docs/jobs.md).
 */
import { HubgetError } from '../errors.js';
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
  void removeProgressFile(entry, host.progressDir());
  host.publish({ type: 'job-removed', id });
}
