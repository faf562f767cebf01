/**
 * A running job's failing requests (JobView.retrying and JobView.waits, docs/jobs.md): each one's last `retry`, by
 * path ('' a Hub call of the listing), with when its next try goes. A file's stays until that file's bytes arrive
 * (or it ends): bytes of another file (a config.json arriving after the weights got a `429`) are no news about it,
 * and cleared the job's `429` wait, which then read "No data for 31 s" and "Stalled" while the wait ran. Bytes of
 * the job drop only the waits that are over (their request went again). A wait is one connection's: its file waits
 * (JobView.waits, and no stall meanwhile) and retries (JobView.retrying) only while none of its connections is open
 * (src/progress/file-waiting.ts); one connection's `503` beside three receiving listed `a.bin waits 1 s for the Hub
 * (503)` until its bytes showed, and the job's `retrying` said that `503` for the whole wait.
 */
import type { JobView, RetryWaitView } from '../api-types.js';
import { withoutRetryWhen } from '../hub/retry-policy.js';
import type { FileProgress, TransferEvent } from '../progress/events.js';
import { OpenConnections } from '../progress/file-waiting.js';
import { hubWaitStatus } from '../progress/hub-wait.js';

type Retrying = NonNullable<JobView['retrying']>;

interface Noted {
  retry: Retrying;
  atMs: number;
  /** The answer that asked to retry (408, 429, 5xx); undefined for a failure without one (a dropped connection). */
  status: number | undefined;
  /** Its error's code, as the engine gave it (RATE_LIMITED, HUB_HTTP_ERROR). */
  code: string;
  /** When the wait the server asked for ends (its Retry-After); undefined when it asked for none. */
  askedUntilMs: number | undefined;
  lastTry: boolean;
}

export class RetryWaits {
  readonly #byPath = new Map<string, Noted>();
  /** Each file's connections open, as the events tell them: a file with one open is not waiting. */
  readonly #open = new OpenConnections();

  /** A request failed and is tried again after `delayMs`. */
  note(event: Extract<TransferEvent, { type: 'retry' }>, nowMs: number): void {
    this.#open.retry(event);
    this.#byPath.set(event.path, {
      retry: {
        attempt: event.attempt,
        message: event.error.message,
        unreachable: event.unreachable ?? null,
        limit: event.limit ?? null,
      },
      atMs: nowMs + event.delayMs,
      status: hubWaitStatus(event),
      code: event.error.code,
      askedUntilMs: event.error.retryAfterMs === undefined ? undefined : nowMs + event.error.retryAfterMs,
      lastTry: event.lastTry === true,
    });
  }

  /** That request's retry is over: its bytes arrived, it is done or failed ('' the listing answered). */
  drop(path: string): void {
    this.#byPath.delete(path);
    this.#open.drop(path);
  }

  /**
   * A progress event's files, with their connections open: those whose bytes grew past what `shown` had got
   * through, their retry is over, unless its wait still runs (another connection of the file brought them).
   */
  filesGrew(
    active: readonly FileProgress[],
    shown: ReadonlyMap<string, { downloaded: number }>,
    nowMs: number,
  ): void {
    this.#open.progress(active);
    for (const { path, downloaded } of active) {
      const noted = this.#byPath.get(path);
      if (noted && noted.atMs <= nowMs && downloaded > (shown.get(path)?.downloaded ?? 0))
        this.#byPath.delete(path);
    }
  }

  /** Bytes of the job arrived: the waits that are over went again. */
  bytesArrived(nowMs: number): void {
    for (const [path, { atMs }] of this.#byPath) if (atMs <= nowMs) this.#byPath.delete(path);
  }

  clear(): void {
    for (const path of this.#byPath.keys()) this.#open.drop(path);
    this.#byPath.clear();
  }

  get size(): number {
    return this.#byPath.size;
  }

  /** A file waits, a retry's wait running (a `429`'s Retry-After), none of its connections open: quiet by design, not a stall. */
  waitLasts(nowMs: number): boolean {
    for (const [path, { atMs }] of this.#byPath) if (this.#open.waits(path, atMs > nowMs)) return true;
    return false;
  }

  /**
   * The retry the job says at `nowMs`: the one whose wait ends last (a `429` of the weights over a config.json's 1 s
   * backoff), its message without the wait it says (withoutRetryWhen: `waits` says it, counted down). null when
   * none. Not one whose wait runs while another connection of its file is open: that file is fetching, not
   * retrying (src/progress/file-waiting.ts); one connection's `503` beside three receiving read as the job retrying
   * for the whole wait.
   */
  shown(nowMs: number): JobView['retrying'] {
    let shown: Noted | undefined;
    for (const [path, entry] of this.#byPath) {
      if (entry.atMs > nowMs && !this.#open.waits(path, true)) continue;
      if (!shown || entry.atMs >= shown.atMs) shown = entry;
    }
    if (!shown) return null;
    const { retry } = shown;
    return { ...retry, message: withoutRetryWhen(retry.message) };
  }

  /**
   * The requests that wait at `nowMs` because the Hub answered 408, 429 or 5xx, one per path, each with its time
   * left and what the answer was (its error's code and message, and the wait the server asked for): said at once,
   * whatever the job's other files do, while none of the file's connections is open (JobView.waits).
   */
  waits(nowMs: number): RetryWaitView[] {
    const waits: RetryWaitView[] = [];
    for (const [path, { retry, atMs, status, code, askedUntilMs, lastTry }] of this.#byPath) {
      if (status === undefined || !this.#open.waits(path, atMs > nowMs)) continue;
      const { attempt, limit, message } = retry;
      waits.push({
        path,
        status,
        code,
        message: withoutRetryWhen(message),
        leftMs: atMs - nowMs,
        askedLeftMs: askedUntilMs === undefined ? null : Math.max(0, askedUntilMs - nowMs),
        attempt,
        limit,
        lastTry,
      });
    }
    return waits;
  }
}
