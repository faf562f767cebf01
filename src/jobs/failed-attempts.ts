/**
 * Fan-out of the engine's failed attempts (its `retry` events: one range request, or a Hub call of the listing,
 * failed and will be tried again) of every job, with the job's id, to whoever must act before the job's retries run out (the mirror:
 * an attempt that got no HTTP answer may mean its upstream is gone, src/mirror/upstream-watch.ts; a `429` starts
 * its remembered wait, src/hub/rate-limit-windows.ts). Given to
 * the jobs service only when something will listen.
 */
import { Listeners } from '../listeners.js';
import type { RetryError } from '../progress/events.js';

export interface FailedAttempt {
  jobId: string;
  /** The file's path in the repo; '' for a Hub call. */
  path: string;
  /** The `retry` event's: with the wait the server asked for and the URL that answered, when they are known. */
  error: RetryError;
}

export type FailedAttemptListener = (attempt: FailedAttempt) => void;

export class FailedAttempts {
  readonly #listeners = new Listeners<[FailedAttempt]>();

  notify(attempt: FailedAttempt): void {
    this.#listeners.emit(attempt);
  }

  /** Calls `listener` for every failed attempt from now on; returns the function that stops it. */
  observe(listener: FailedAttemptListener): () => void {
    return this.#listeners.add(listener);
  }
}
