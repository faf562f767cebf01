/**
 * The files of a download run whose connections wait before their next try (a `retry` event), and the run's time in
 * which every file it was fetching waited so, none fetching, overlapping waits counted once: one rule, which the
 * ProgressTracker applies twice (`counts`):
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
 * A wait is one connection's (a file's connections retry on their own): its file waits only while none of its
 * connections is open (src/progress/file-waiting.ts, `open`: the file's connections in a request now), until the
 * first of its waits ends (that connection goes again). A file whose other connections still fetch is fetching:
 * one connection's `503` read as the whole file waiting until a byte arrived, its other connections silent at that
 * moment (before their first byte) too. The ETA is no shorter than a waiting file's wait, of either kind
 * (src/progress/eta.ts etaAfterWaits, from `ahead` of every retry); as the faces say them: src/jobs/retry-waits.ts, src/cli/renderers/bar-waits.ts.
 */
import type { WaitAhead } from '../progress/eta.js';
import type { TransferEvent } from '../progress/events.js';
import { fileWaits } from '../progress/file-waiting.js';

type RetryEvent = Extract<TransferEvent, { type: 'retry' }>;

export class RetryWaitTime {
  /** When each wait of each file's connections ends, by file. */
  readonly #untilMs = new Map<string, number[]>();
  /** Closed stretches in which every file fetched waited. */
  #waitedMs = 0;
  /** The current such stretch: from when, and at the latest until when (the earliest of its waits' ends). */
  #stretch: { fromMs: number; untilMs: number } | undefined;

  /**
   * `fetching`: the files whose bytes the run is fetching now (ProgressTracker's, changed through `change`);
   * `open`: how many of a file's connections are in a request now; `counts`: the retries whose wait this counts.
   */
  constructor(
    private readonly fetching: ReadonlySet<string>,
    private readonly open: (path: string) => number,
    private readonly counts: (event: RetryEvent) => boolean,
  ) {}

  has(path: string): boolean {
    return this.#untilMs.size > 0 && this.#untilMs.has(path);
  }

  /** A `retry` event of a file (not the listing's, `path` ''), one `counts` takes: one of its connections waits `delayMs`. */
  note(event: RetryEvent, now: number): void {
    if (event.path === '' || !this.counts(event)) return;
    const ends = this.#untilMs.get(event.path) ?? [];
    this.change(now, () => this.#untilMs.set(event.path, [...ends, now + event.delayMs]));
  }

  /** The file's waits are over: its fetch ended. */
  end(path: string, now: number): void {
    if (this.has(path)) this.change(now, () => this.#untilMs.delete(path));
  }

  /**
   * `apply` changes the waits, the files fetched or their connections open at `now`: the stretch so far is counted,
   * a new one may begin.
   */
  change(now: number, apply: () => void = () => {}): void {
    this.#waitedMs += this.#stretchMs(now);
    this.#stretch = undefined;
    apply();
    this.#begin(now);
  }

  /** A fresh look at the files' connections: one of a waiting file's opened or closed, or an event is built. */
  relook(now: number): void {
    if (this.#untilMs.size > 0) this.change(now);
  }

  /**
   * Bytes of a file arrived: one of its connections is open. Only a stretch of every file waiting can end by it (none
   * begins), so the connections are looked at only then: not at every chunk while another connection waits.
   */
  bytesArrived(now: number): void {
    if (this.#stretch !== undefined) this.change(now);
  }

  /** Milliseconds in which every file fetched waited, up to `now`. */
  waitedMs(now: number): number {
    // A stretch ends at the first of its waits' ends (that connection goes again); another wait may run on from there.
    for (
      let stretch = this.#stretch;
      stretch !== undefined && stretch.untilMs < now;
      stretch = this.#stretch
    ) {
      this.#waitedMs += stretch.untilMs - stretch.fromMs;
      this.#stretch = undefined;
      this.#begin(stretch.untilMs);
    }
    return this.#waitedMs + this.#stretchMs(now);
  }

  /** Each waiting file's wait still running at `now`, with what the file lacks (`lacks`), for etaAfterWaits. */
  *ahead(now: number, lacks: (path: string) => number): Iterable<WaitAhead> {
    for (const path of this.#untilMs.keys()) {
      const endsMs = this.#waitEnd(path, now);
      if (endsMs !== undefined) yield { leftMs: endsMs - now, lacksBytes: lacks(path) };
    }
  }

  /** A stretch begins at `now` while every file fetched waits, none of its connections open. */
  #begin(now: number): void {
    if (this.fetching.size === 0) return;
    let untilMs = Number.POSITIVE_INFINITY;
    for (const path of this.fetching) {
      const endsMs = this.#waitEnd(path, now);
      if (endsMs === undefined) return;
      untilMs = Math.min(untilMs, endsMs);
    }
    this.#stretch = { fromMs: now, untilMs };
  }

  /** When the file's wait ends (the first of its connections' running waits), undefined while it does not wait. */
  #waitEnd(path: string, now: number): number | undefined {
    const running = (this.#untilMs.get(path) ?? []).filter((endMs) => endMs > now);
    if (running.length === 0) {
      this.#untilMs.delete(path);
      return undefined;
    }
    this.#untilMs.set(path, running);
    return fileWaits(true, this.open(path)) ? Math.min(...running) : undefined;
  }

  #stretchMs(now: number): number {
    const stretch = this.#stretch;
    return stretch === undefined ? 0 : Math.max(0, Math.min(now, stretch.untilMs) - stretch.fromMs);
  }
}
