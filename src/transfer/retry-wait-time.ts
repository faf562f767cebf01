/**
 * The files of a download run whose request waits before its next try (a `retry` event), each until its wait
 * ends or its bytes arrive, and the run's time in which every file it was fetching waited so, none fetching a
 * byte, overlapping waits counted once: one rule, which the ProgressTracker applies twice (`counts`):
 * - to every retry: a wait for the Hub (a `429`'s Retry-After, a `5xx` backoff) and a dropped connection's backoff
 *   (the retry policy's delay before it reconnects: no request is open meanwhile, and its length is the policy's
 *   jittered backoff, not the network's). That time is not fetching time (ProgressTracker.fetchingMs: the
 *   summary's and the History's speed): the run had no request open and received nothing, so it measures no
 *   transfer. A stall's quiet seconds before its reconnect are still fetching time: a request was open, and the
 *   network did not deliver on it;
 * - to the waits for the Hub alone (src/progress/hub-wait.ts): the `done` event's `hubWaitedMs`, which every face
 *   says apart ("waited 3 min 37 s for the Hub"); a file that waited 3 min 37 s while the others finished in 9 s
 *   read "62.91 MB fetched in 3 min 46 s (279 kB/s)". A dropped connection's backoff is said by the summary's
 *   whole time only (`; 14 s in all`), not as a wait for the Hub.
 * The ETA is no shorter than a wait for the Hub (src/progress/eta.ts etaAfterWaits, from `ahead`); as the faces
 * say them: src/jobs/retry-waits.ts, src/cli/renderers/bar-waits.ts.
 */
import type { WaitAhead } from '../progress/eta.js';
import type { TransferEvent } from '../progress/events.js';

type RetryEvent = Extract<TransferEvent, { type: 'retry' }>;

export class RetryWaitTime {
  /** When each waiting file's wait ends. */
  readonly #untilMs = new Map<string, number>();
  /** Closed stretches in which every file fetched waited. */
  #waitedMs = 0;
  /** The current such stretch: from when, and at the latest until when (the earliest of its waits' ends). */
  #stretch: { fromMs: number; untilMs: number } | undefined;

  /**
   * `fetching`: the files whose bytes the run is fetching now (ProgressTracker's, changed through `change`);
   * `counts`: the retries whose wait this counts.
   */
  constructor(
    private readonly fetching: ReadonlySet<string>,
    private readonly counts: (event: RetryEvent) => boolean,
  ) {}

  has(path: string): boolean {
    return this.#untilMs.size > 0 && this.#untilMs.has(path);
  }

  /**
   * A `retry` event of a file (not the listing's, `path` ''), one `counts` takes: its file waits `delayMs`, or
   * longer when a wait of another of its connections ends later (a file's connections retry on their own).
   */
  note(event: RetryEvent, now: number): void {
    if (event.path === '' || !this.counts(event)) return;
    const untilMs = Math.max(now + event.delayMs, this.#untilMs.get(event.path) ?? 0);
    this.change(now, () => this.#untilMs.set(event.path, untilMs));
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

  /** Milliseconds in which every file fetched waited, up to `now`. */
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
