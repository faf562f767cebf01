/**
 * A running job's waits for the Hub (JobView.waits) counted down in the browser, from each wait's deadline
 * rather than the time left it was sent with. The server sends `leftMs`, the time left at its update (its `waits`,
 * docs/api.md), not an end time: so the deadline is derived once, when the list arrives (the browser's clock at
 * receipt plus `leftMs`; the two clocks never compared), and the lines count down from it by themselves. Before,
 * they moved only when an update came: with the server unreachable ("Cannot reach the hubget server"), a wait
 * stood still at the last figure sent.
 *
 * The receipt time is kept beside the list it belongs to (a job's `waits` array, as received: the jobs reducer
 * keeps the objects it is given), so a newer update replaces it with its own.
 */
import type { JobView, RetryWaitView } from '../../../src/api-types.js';

const receivedAtMs = new WeakMap<readonly RetryWaitView[], number>();

/** `jobs` arrived now (an event of the live stream, a job list): their waits' time left counts from `nowMs`. */
export function waitsReceived(jobs: readonly Pick<JobView, 'waits'>[], nowMs: number): void {
  for (const job of jobs) if (!receivedAtMs.has(job.waits)) receivedAtMs.set(job.waits, nowMs);
}

/**
 * `wait`'s (one of `waits`) time left at `nowMs`, never below zero. A list no feed noted (a job an action's
 * answer carried) counts from the first time it is read.
 */
export function waitLeftMs(waits: readonly RetryWaitView[], wait: RetryWaitView, nowMs: number): number {
  let receivedMs = receivedAtMs.get(waits);
  if (receivedMs === undefined) {
    receivedMs = nowMs;
    receivedAtMs.set(waits, receivedMs);
  }
  return Math.max(0, receivedMs + wait.leftMs - nowMs);
}
