/**
 * The job lifecycle as one transition table (docs/job-states.md shows it as a table and a diagram; a test
 * keeps the two in step). Every state change in the jobs service goes through `transition`.
 */

import type { JobKind, JobState } from '../api-types.js';
import { HubgetError } from '../errors.js';

export type JobAction =
  | 'start'
  | 'pause'
  | 'resume'
  | 'complete'
  | 'found'
  | 'fail'
  | 'cancel'
  | 'retry'
  | 'recover';

/** For each action: the states it is allowed from, and the state it leads to. */
export const JOB_TRANSITIONS: Readonly<Record<JobAction, { from: readonly JobState[]; to: JobState }>> = {
  /** The scheduler picked the job: a slot below maxParallel is free. */
  start: { from: ['queued'], to: 'running' },
  /** User pause: a running job's traffic stops at once; a queued job is held back. */
  pause: { from: ['queued', 'running'], to: 'paused' },
  /** Back in the queue; the engine continues from its resume maps. */
  resume: { from: ['paused'], to: 'queued' },
  /** The runner resolved and every file was verified on disk. */
  complete: { from: ['running'], to: 'completed' },
  /** Every planned file of a paused or queued job was found on disk: another download put them in place. */
  found: { from: ['queued', 'paused'], to: 'completed' },
  fail: { from: ['running'], to: 'failed' },
  /** Stops the job and removes its partial files (finished files stay). */
  cancel: { from: ['queued', 'running', 'paused'], to: 'cancelled' },
  retry: { from: ['failed', 'cancelled'], to: 'queued' },
  /** Start-up after a crash or a shutdown: a job that was running goes back to the front of the queue. */
  recover: { from: ['running'], to: 'queued' },
};

export const JOB_STATES: readonly JobState[] = [
  'queued',
  'running',
  'paused',
  'completed',
  'failed',
  'cancelled',
];

/** Queued, running or paused: the job still has work to do (and duplicate requests join it). */
export function isActiveState(state: JobState): boolean {
  return state === 'queued' || state === 'running' || state === 'paused';
}

/**
 * A job of hubget's own in an active state. The downloads another program runs, which the server only watches
 * (kind `external`), are not judged by that view (it lasts as long as their temp files do, stopped or not)
 * but like any download that is not a job: by who owns the files (src/transfer/downloads-here.ts).
 */
export function isActiveOwnJob(job: { state: JobState; kind?: JobKind }): boolean {
  return isActiveState(job.state) && job.kind !== 'external';
}

/**
 * The job may run again: it is active, or retry brings it back (failed, cancelled). What is for its runs, as
 * its own bandwidth limit is, can be set only then; a completed job never runs again.
 */
export function mayRunAgain(state: JobState): boolean {
  return isActiveState(state) || canTransition(state, 'retry');
}

/** INVALID_STATE, as for an action the state does not allow, when `what` is asked of a job that will not run again. */
export function assertMayRunAgain(state: JobState, what: string): void {
  if (!mayRunAgain(state)) {
    throw new HubgetError('INVALID_STATE', `Cannot ${what} a ${state} job: it does not run again`, {
      details: { state, action: what },
    });
  }
}

export function canTransition(state: JobState, action: JobAction): boolean {
  return JOB_TRANSITIONS[action].from.includes(state);
}

/** The next state, or INVALID_STATE when the action is not allowed from `state`. */
export function transition(state: JobState, action: JobAction): JobState {
  const rule = JOB_TRANSITIONS[action];
  if (!rule.from.includes(state)) {
    throw new HubgetError('INVALID_STATE', `Cannot ${action} a ${state} job`, {
      details: { state, action },
    });
  }
  return rule.to;
}
