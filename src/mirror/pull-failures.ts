/**
 * What the upstream does to a pull of the mirror that its waiting clients must hear of (file-requests.ts,
 * pull-waits.ts): the pull's last failed attempt, heard as it fails (one connection's, maybe of several), and the
 * wait of the pull as a whole, none of its connections open (its job's `waits`, docs/job-events.md), each with the
 * structured cause the engine reported (code, message, the wait the upstream asked for). Both end when the pull
 * writes again: a connection of it delivers.
 */
import { Listeners } from '../listeners.js';
import type { FailedAttemptError, PullWaitReport } from './pull-through.js';

/** A failed attempt of the fetch as the blob keeps it: the upstream's asked wait counts from `failedAt` (ms). */
export interface FailingAttempt extends FailedAttemptError {
  failedAt: number;
}

/** The pull waits as a whole for the upstream: why (`failing`), and when its next try goes (`untilMs`, epoch ms). */
export interface PullWait {
  failing: FailingAttempt;
  untilMs: number;
}

export class PullFailures {
  /** The fetch's last failed attempt, until it writes again (attemptFailed). */
  #failing: FailingAttempt | undefined;
  /** The pull's wait as a whole, until it writes again or its job waits no longer (waits). */
  #wait: PullWait | undefined;
  /** Told of the pull's wait whenever its job tells it (onWait). */
  readonly #waitListeners = new Listeners<[PullWait]>();

  /**
   * The error of the fetch's last failed attempt (it will be retried) when nothing was written since, else the cause
   * of the pull's wait as a whole: the upstream may be refusing or failing this file's fetch (file-requests.ts tells a
   * waiting client so). Undefined when neither is known.
   */
  get failing(): FailingAttempt | undefined {
    return this.#failing ?? this.#wait?.failing;
  }

  /** An attempt of this blob's fetch failed and will be retried (BlobFetchRequest.onFailedAttempt). */
  attemptFailed(error: FailedAttemptError, now = Date.now()): void {
    this.#failing = failingOf(error, now);
  }

  /**
   * The pull as a whole waits for the upstream (`report`), or does not (undefined), as its job tells it
   * (BlobFetchRequest.onWaiting): told again at each update of the job while it waits.
   */
  waits(report: PullWaitReport | undefined, now = Date.now()): void {
    this.#wait = report && { failing: failingOf(report.error, now), untilMs: now + report.leftMs };
    if (this.#wait) this.#waitListeners.emit(this.#wait);
  }

  /** The pull's wait as a whole, if it waits (waits), until it writes again. */
  get wait(): PullWait | undefined {
    return this.#wait;
  }

  /** Calls `listener` with the pull's wait each time its job tells it; returns the function that stops it. */
  onWait(listener: (wait: PullWait) => void): () => void {
    return this.#waitListeners.add(listener);
  }

  /** The pull wrote bytes: a connection of it delivers, so it is neither failing nor waiting now. */
  wrote(): void {
    this.#failing = undefined;
    this.#wait = undefined;
  }
}

function failingOf(error: FailedAttemptError, now: number): FailingAttempt {
  return {
    code: error.code,
    message: error.message,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    failedAt: now,
  };
}
