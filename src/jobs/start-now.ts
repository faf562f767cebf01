/**
 * Which queued jobs start: in queue order while fewer than `maxParallel` run, and every job marked `startNow`
 * (CreateOptions.startNow: the mirror's pulls a client waits on) at once, outside the limit. The mark is
 * stored with the job (migration 9), so a restart that finds such a job interrupted starts it at once again
 * rather than queueing it behind the others; it goes when the job is paused or ends.
 */
import type { JobState } from '../api-types.js';
import type { JobPatch, Store } from '../store/types.js';
import { queuedEntries } from './job-queue.js';
import type { JobEntry } from './job-service-options.js';

/**
 * The queued jobs to start: in order into the free slots, then every other one marked `startNow`. A job whose
 * last run is still stopping (paused or cancelled, then queued again before the engine let go) waits for it, and
 * that run keeps its slot till then: two runs of one job would write one temp file, and the stopping run's end
 * would drop the new one's handle, which shutdown then never stopped. The run's end starts the queue again. So
 * does the end of a cancel's clean-up (JobEntry.cleaning), which a job retried at once waits for as well.
 */
export function entriesToStart(entries: Iterable<JobEntry>, maxParallel: number): JobEntry[] {
  const all = [...entries];
  const free = maxParallel - all.filter((entry) => entry.job.state === 'running' || entry.run).length;
  const queue = queuedEntries(all).filter((entry) => entry.run === undefined && entry.cleaning === undefined);
  const inTurn = queue.slice(0, Math.max(0, free));
  return [...inTurn, ...queue.slice(inTurn.length).filter((entry) => entry.job.startNow)];
}

/** Marks a queued or running job `startNow`, in the store too; a paused or ended one is left as it is. */
export function markStartNow(store: Store, entry: JobEntry): void {
  const { job } = entry;
  if (job.startNow || (job.state !== 'queued' && job.state !== 'running')) return;
  job.startNow = true;
  store.updateJob(job.id, { startNow: true });
}

/** What a move to `state` also changes: a job paused or ended loses the mark (resume and retry queue it). */
export function startNowPatch(entry: JobEntry, state: JobState): JobPatch {
  return entry.job.startNow && state !== 'queued' && state !== 'running' ? { startNow: false } : {};
}
