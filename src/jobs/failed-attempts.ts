/**
 * Fan-out of the engine's failed attempts (its `retry` events: one range request, or a Hub call of the listing,
 * failed and will be tried again) of every job, with the job's id, to whoever must act before the job's retries run out (the mirror:
 * an attempt that got no HTTP answer may mean its upstream is gone, src/mirror/upstream-watch.ts). Given to
 * the jobs service only when something will listen.
 */
import type { ErrorCode } from '../errors.js';
import { Listeners } from '../listeners.js';

export interface FailedAttempt {
  jobId: string;
  /** The file's path in the repo; '' for a Hub call. */
  path: string;
  /** `retryAfterMs`: the wait the server asked for before the next try, when it asked (the `retry` event's). */
  error: { code: ErrorCode; message: string; retryAfterMs?: number };
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
