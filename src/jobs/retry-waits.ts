/**
 * A running job's failing requests (JobView.retrying, docs/jobs.md): each one's last `retry`, by path ('' a Hub
 * call of the listing), with when its next try goes. A file's stays until that file's bytes arrive (or it ends):
 * bytes of another file (a config.json arriving after the weights got a `429`) are no news about it, and cleared
 * the job's `429` wait, which then read "No data for 31 s" and "Stalled" while the wait ran. Bytes of the job
 * drop only the waits that are over (their request went again).
 */
import type { JobView } from '../api-types.js';
import { retryWhenLeft } from '../hub/retry-policy.js';
import type { TransferEvent } from '../progress/events.js';

type Retrying = NonNullable<JobView['retrying']>;

export class RetryWaits {
  readonly #byPath = new Map<string, { retry: Retrying; atMs: number }>();

  /** A request failed and is tried again after `delayMs`. */
  note(event: Extract<TransferEvent, { type: 'retry' }>, nowMs: number): void {
    this.#byPath.set(event.path, {
      retry: {
        attempt: event.attempt,
        message: event.error.message,
        unreachable: event.unreachable ?? null,
        limit: event.limit ?? null,
      },
      atMs: nowMs + event.delayMs,
    });
  }

  /** That request's retry is over: its bytes arrived, it is done or failed ('' the listing answered). */
  drop(path: string): void {
    this.#byPath.delete(path);
  }

  /** A progress event's files: those whose bytes grew past what `shown` had got through, their retry is over. */
  filesGrew(
    active: readonly { path: string; downloaded: number }[],
    shown: ReadonlyMap<string, { downloaded: number }>,
  ): void {
    for (const { path, downloaded } of active)
      if (downloaded > (shown.get(path)?.downloaded ?? 0)) this.#byPath.delete(path);
  }

  /** Bytes of the job arrived: the waits that are over went again. */
  bytesArrived(nowMs: number): void {
    for (const [path, { atMs }] of this.#byPath) if (atMs <= nowMs) this.#byPath.delete(path);
  }

  clear(): void {
    this.#byPath.clear();
  }

  get size(): number {
    return this.#byPath.size;
  }

  /** A retry's wait still runs (a `429`'s Retry-After): quiet by design, not a stall. */
  waitLasts(nowMs: number): boolean {
    for (const { atMs } of this.#byPath.values()) if (atMs > nowMs) return true;
    return false;
  }

  /**
   * The retry the job says: the one whose wait ends last (a `429` of the weights over a config.json's 1 s
   * backoff), its message's time left counted down to `nowMs` (retryWhenLeft). null when none.
   */
  shown(nowMs: number): JobView['retrying'] {
    let shown: { retry: Retrying; atMs: number } | undefined;
    for (const entry of this.#byPath.values()) if (!shown || entry.atMs >= shown.atMs) shown = entry;
    if (!shown) return null;
    const { retry, atMs } = shown;
    return { ...retry, message: retryWhenLeft(retry.message, Math.max(0, atMs - nowMs)) };
  }
}
