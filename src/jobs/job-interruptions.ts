/**
 * The server stops that cut a job's runs short (`JobView.interruptions`, src/job-interruptions.ts). A job
 * stored as `running` at start-up was interrupted: `shutdown()` leaves the jobs it stopped `running` (the next
 * start resumes them, docs/job-states.md) and marks each one with the time it saved it (`cleanStopAt`); a job
 * without that mark was running when the server died without a word (a crash, `kill -9`, power loss, a
 * shutdown cut off by its time limit). The start counts one more interruption, a crash or not, and clears the mark.
 */
import type { JobPatch, Store, StoredJob } from '../store/types.js';
import { interruptedToFront } from './job-queue.js';
import type { JobEntry, JobServiceOptions, JobsLogger } from './job-service-options.js';
import type { JobAction } from './job-state-machine.js';

/** The record of a new job (and of one stored before hubget counted interruptions, migration 8). */
export const NO_STORED_INTERRUPTIONS = {
  interruptions: 0,
  crashes: 0,
  lastInterruptedAt: null,
  lastCrashAt: null,
  cleanStopAt: null,
} as const satisfies JobPatch;

/**
 * The interruption of `job` (stored as running) the start counts: a crash unless a shutdown marked it. A
 * crash's time is the last time its progress was saved (its last speed sample, written each tick, or its
 * last byte), else `nowMs`.
 */
export function interruptionPatch(job: StoredJob, store: Store, nowMs: number): JobPatch {
  const crash = job.cleanStopAt === null;
  const at = job.cleanStopAt ?? lastSavedAt(job, store) ?? nowMs;
  return {
    interruptions: job.interruptions + 1,
    crashes: job.crashes + (crash ? 1 : 0),
    lastInterruptedAt: at,
    lastCrashAt: crash ? at : job.lastCrashAt,
    cleanStopAt: null,
  };
}

function lastSavedAt(job: StoredJob, store: Store): number | null {
  const sampled = store.listSpeedSamples(job.id).at(-1)?.t ?? null;
  const latest = Math.max(sampled ?? 0, job.lastActivityAt ?? 0);
  return latest > 0 ? latest : null;
}

interface RecoverHost {
  options: Pick<JobServiceOptions, 'shutdownCutOff'>;
  store: Store;
  logger: JobsLogger;
  now(): number;
  setState(entry: JobEntry, action: JobAction, patch: JobPatch): void;
}

/**
 * Start-up: each job a crash or a shutdown interrupted goes back to the front of the queue, in its previous
 * order, with the interruption counted.
 */
export function recoverInterrupted(host: RecoverHost, entries: Iterable<JobEntry>): void {
  for (const { entry, queueOrder } of interruptedToFront(entries)) {
    const patch = interruptionPatch(entry.job, host.store, host.now());
    const crash = patch.crashes !== entry.job.crashes;
    host.setState(entry, 'recover', { queueOrder, ...patch });
    host.logger.info(
      { jobId: entry.job.id, interruptions: entry.job.interruptions, crashes: entry.job.crashes },
      interruptionMessage(crash, host.options.shutdownCutOff === true),
    );
  }
}

/** The start's log line of a job it recovers. */
function interruptionMessage(crash: boolean, shutdownCutOff: boolean): string {
  if (!crash) return 'Job interrupted by a server shutdown; resuming';
  if (shutdownCutOff) {
    return 'Job interrupted by a server shutdown that did not finish (cut off before it saved the job); resuming';
  }
  return 'Job interrupted by a crash of the server (it was not shut down cleanly); resuming';
}

/** Shutdown: marks the jobs it stopped running and saved as stopped cleanly, at `nowMs`. */
export function markCleanStops(store: Store, stopped: Iterable<JobEntry>, nowMs: number): void {
  for (const entry of stopped) {
    if (entry.job.state !== 'running') continue;
    entry.job.cleanStopAt = nowMs;
    store.updateJob(entry.job.id, { cleanStopAt: nowMs });
  }
}
