/**
 * The files of a download run whose request waits for the Hub before its next try (a `retry` event whose answer
 * asks to retry: a `429`'s Retry-After, a `5xx` backoff), each until its wait ends or its bytes arrive, as the
 * faces say them (src/jobs/retry-waits.ts, src/cli/renderers/bar-waits.ts); and the run's time in which every
 * file it was fetching waited so, none fetching a byte, overlapping waits counted once. That time is not
 * fetching time (ProgressTracker.fetchingMs: the summary's and the History's speed), and the ETA is no shorter
 * than a wait (src/progress/eta.ts etaAfterWaits): a file that waits 3 min 37 s while the others finish in 9 s
 * read "62.91 MB fetched in 3 min 46 s (279 kB/s)" and "ETA 23 s".
 */
import { isRetryableStatus } from '../hub/retry-policy.js';
import type { WaitAhead } from '../progress/eta.js';
import type { TransferEvent } from '../progress/events.js';

export class HubWaitTime {
  /** When each waiting file's wait ends. */
  readonly #untilMs = new Map<string, number>();
  /** Closed stretches in which every file fetched waited. */
  #waitedMs = 0;
  /** The current such stretch: from when, and at the latest until when (the earliest of its waits' ends). */
  #stretch: { fromMs: number; untilMs: number } | undefined;

  /** `fetching`: the files whose bytes the run is fetching now (ProgressTracker's, changed through `change`). */
  constructor(private readonly fetching: ReadonlySet<string>) {}

  has(path: string): boolean {
    return this.#untilMs.size > 0 && this.#untilMs.has(path);
  }

  /** A `retry` event: one whose answer asks to retry (isRetryableStatus) makes its file wait `delayMs`. */
  note(event: Extract<TransferEvent, { type: 'retry' }>, now: number): void {
    const status = event.error.status;
    if (event.path === '' || status === undefined || !isRetryableStatus(status)) return;
    this.change(now, () => this.#untilMs.set(event.path, now + event.delayMs));
  }

  /** The file's wait is over: its bytes arrived, or its fetch ended. */
  end(path: string, now: number): void {
    if (this.has(path)) this.change(now, () => this.#untilMs.delete(path));
  }

  /** `apply` changes the waits or the files fetched at `now`: the stretch so far is counted, a new one may begin. */
  change(now: number, apply: () => void): void {
    this.#waitedMs += this.#stretchMs(now);
    this.#stretch = undefined;
    apply();
    if (this.fetching.size === 0) return;
    let untilMs = Number.POSITIVE_INFINITY;
    for (const path of this.fetching) {
      const endsMs = this.#untilMs.get(path);
      if (endsMs === undefined || endsMs <= now) return;
      untilMs = Math.min(untilMs, endsMs);
    }
    this.#stretch = { fromMs: now, untilMs };
  }

  /** Milliseconds in which every file fetched waited for the Hub, up to `now`. */
  waitedMs(now: number): number {
    return this.#waitedMs + this.#stretchMs(now);
  }

  /** Each wait still running at `now`, with what its file lacks (`lacks`), for etaAfterWaits. */
  *ahead(now: number, lacks: (path: string) => number): Iterable<WaitAhead> {
    for (const [path, untilMs] of this.#untilMs) {
      if (untilMs > now) yield { leftMs: untilMs - now, lacksBytes: lacks(path) };
    }
  }

  #stretchMs(now: number): number {
    const stretch = this.#stretch;
    return stretch === undefined ? 0 : Math.max(0, Math.min(now, stretch.untilMs) - stretch.fromMs);
  }
}
