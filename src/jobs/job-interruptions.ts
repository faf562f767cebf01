/**
 * The server stops that cut a job's runs short (`JobView.interruptions`, src/job-interruptions.ts). A job
 * stored as `running` at start-up was interrupted: `shutdown()` leaves the jobs it stopped `running` (the next
 * start resumes them, docs/job-states.md) and marks each one with the time it saved it (`cleanStopAt`); a job
 * without that mark was running when the server died without saving it: a crash (`kill -9`, power loss), or,
 * when the previous run's record says a shutdown began and did not finish (`shutdownCutOff`), that shutdown cut
 * off (its time limit, a second signal): `stopKind` of src/job-interruptions.ts, the rule the server's own record
 * follows. The start counts one more interruption, of its kind, and clears the mark.
 */
import { plural } from '../format/units.js';
import { stopKind } from '../job-interruptions.js';
import type { JobPatch, Store, StoredJob } from '../store/types.js';
import { interruptedToFront } from './job-queue.js';
import type { JobEntry, JobServiceOptions, JobsLogger } from './job-service-options.js';
import type { JobAction } from './job-state-machine.js';

/** A job's interruptions by server stops, this one included once counted (store fields). */
type InterruptionCounts = Pick<StoredJob, 'interruptions' | 'crashes' | 'cutOffs'>;

/** The record of a new job (and of one stored before hubget counted interruptions, migration 8). */
export const NO_STORED_INTERRUPTIONS = {
  interruptions: 0,
  crashes: 0,
  cutOffs: 0,
  lastCutOff: false,
  lastInterruptedAt: null,
  lastCrashAt: null,
  cleanStopAt: null,
} as const satisfies JobPatch;

/**
 * The interruption of `job` (stored as running) the start counts: clean when a shutdown marked it, else a
 * shutdown cut off when the previous run began one (`shutdownCutOff`), else a crash (stopKind). An unclean
 * stop's time is the last time the job's progress was saved (its last speed sample, written each tick, or its
 * last byte), else `nowMs`.
 */
export function interruptionPatch(
  job: StoredJob,
  store: Store,
  nowMs: number,
  shutdownCutOff = false,
): JobPatch & InterruptionCounts {
  const kind = stopKind(job.cleanStopAt !== null, shutdownCutOff);
  const at = job.cleanStopAt ?? lastSavedAt(job, store) ?? nowMs;
  const crash = kind === 'crash';
  const cutOff = kind === 'unclean-shutdown';
  return {
    interruptions: job.interruptions + 1,
    crashes: job.crashes + (crash ? 1 : 0),
    cutOffs: job.cutOffs + (cutOff ? 1 : 0),
    lastCutOff: cutOff,
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
  const cutOff = host.options.shutdownCutOff === true;
  for (const { entry, queueOrder } of interruptedToFront(entries)) {
    const kind = stopKind(entry.job.cleanStopAt !== null, cutOff);
    const patch = interruptionPatch(entry.job, host.store, host.now(), cutOff);
    host.setState(entry, 'recover', { queueOrder, ...patch });
    // The counts with this stop: the line reports it, and they are what the job's view says from now on
    // (`JobView.interruptions`, "Resumed after 2 server stops, 1 of them a crash"); before it, a first crash read
    // `crashes: 0` beside "interrupted by a crash".
    const counts = { interruptions: patch.interruptions, crashes: patch.crashes, cutOffs: patch.cutOffs };
    host.logger.info({ jobId: entry.job.id, ...counts }, interruptionLine(kind, counts));
  }
}

/**
 * The start's log line of a job it recovers: how the stop ended (`INTERRUPTION_MESSAGES`), and for a job stopped
 * before, how often with this stop, by kind: `…; resuming (3 server stops with this one: 2 crashes, 1 clean
 * shutdown)`.
 */
export function interruptionLine(
  kind: keyof typeof INTERRUPTION_MESSAGES,
  counts: InterruptionCounts,
): string {
  const message = INTERRUPTION_MESSAGES[kind];
  if (counts.interruptions <= 1) return message;
  const clean = counts.interruptions - counts.crashes - counts.cutOffs;
  const kinds = [
    counts.crashes > 0 ? `${counts.crashes} ${counts.crashes === 1 ? 'crash' : 'crashes'}` : null,
    counts.cutOffs > 0 ? `${plural(counts.cutOffs, 'shutdown')} cut off` : null,
    clean > 0 ? `${plural(clean, 'clean shutdown')}` : null,
  ].filter((part) => part !== null);
  return `${message} (${counts.interruptions} server stops with this one: ${kinds.join(', ')})`;
}

/** The start's log line of a job it recovers, by how the stop ended. */
const INTERRUPTION_MESSAGES = {
  clean: 'Job interrupted by a server shutdown; resuming',
  'unclean-shutdown':
    'Job interrupted by a server shutdown that did not finish (cut off before it saved the job); resuming',
  crash: 'Job interrupted by a crash of the server (it was not shut down cleanly); resuming',
} as const;

/** Shutdown: marks the jobs it stopped running and saved as stopped cleanly, at `nowMs`. */
export function markCleanStops(store: Store, stopped: Iterable<JobEntry>, nowMs: number): void {
  for (const entry of stopped) {
    if (entry.job.state !== 'running') continue;
    entry.job.cleanStopAt = nowMs;
    store.updateJob(entry.job.id, { cleanStopAt: nowMs });
  }
}
