/**
 * Bytes per second over a sliding window (default 5 s) of small time buckets, so the reading is smooth
 * (one slow second does not halve it) yet follows a real change within the window. Before a full window
 * has passed, the rate is over the time elapsed since the first sample (at least one bucket), so the first
 * seconds of a download already show a speed.
 *
 * Sparse arrivals: under a low bandwidth limit the bytes come in socket reads of up to 64 KiB, one every
 * 6.5 s at 10 kB/s, so a 5 s window held one read or none and read 13.1 kB/s, then 0 B/s, with no ETA ever.
 * When the window holds fewer than two arrivals, the rate is taken over the last SPARSE_ARRIVALS arrivals
 * of the last SPARSE_WINDOW_MS instead, when each came at least half a window after the one before: the
 * bytes after the oldest of them over the time from it to the last, which reads the limit between arrivals
 * and falls away once they stop. Else a window without bytes reads 0 (and so no ETA): a speed is a measure
 * of bytes arriving, and nothing arrives.
 *
 * A bandwidth limit set or changed (the one rule for the speed and ETA shown then, docs/api.md): the
 * reading is never above the limit in force (`reading(now, limit)`: the limiter lets no more through over
 * time; above it were only bytes received before a change, and the limiter's bucket), and a change starts
 * the window over (`restart`), reading meanwhile, for MIN_ETA_SAMPLED_MS, what it read just before, under
 * the new limit. So a limit set shows itself and the ETA at it at once, not 0 B/s and no ETA for a second
 * and then the bytes in flight at the change as speed; a limit raised or lifted shows the rate before for
 * that second, then what the new window measures.
 */
import { MIN_ETA_SAMPLED_MS, type RateReading } from './eta.js';

/** Arrivals a sparse reading spans (its oldest only marks the start). */
const SPARSE_ARRIVALS = 3;
/** How far back a sparse reading looks. */
const SPARSE_WINDOW_MS = 60_000;

export interface SpeedMeterOptions {
  /** Default 5000 ms. */
  windowMs?: number;
  /** Default 250 ms. */
  bucketMs?: number;
}

export class SpeedMeter {
  readonly #windowMs: number;
  readonly #bucketMs: number;
  /** [bucket index, bytes], oldest first. */
  readonly #buckets: Array<[number, number]> = [];
  #firstSampleMs: number | undefined;
  #totalBytes = 0;
  /** After restart(): the reading just before it, read until `untilMs`. */
  #carried: { reading: RateReading; untilMs: number } | undefined;

  constructor(options: SpeedMeterOptions = {}) {
    this.#windowMs = options.windowMs ?? 5000;
    this.#bucketMs = options.bucketMs ?? 250;
  }

  /**
   * Starts the clock without bytes: for callers that add deltas between readings, the first delta covers
   * the time since this baseline, not since its own arrival (else the first readings come out too high).
   */
  startAt(nowMs: number): void {
    this.#firstSampleMs ??= nowMs;
  }

  add(bytes: number, nowMs: number = Date.now()): void {
    if (bytes <= 0) return;
    this.#firstSampleMs ??= nowMs;
    this.#totalBytes += bytes;
    const index = Math.floor(nowMs / this.#bucketMs);
    const last = this.#buckets.at(-1);
    if (last && last[0] === index) last[1] += bytes;
    else this.#buckets.push([index, bytes]);
    this.#prune(nowMs);
  }

  bytesPerSecond(nowMs: number = Date.now()): number {
    return this.reading(nowMs).bytesPerSecond;
  }

  /**
   * How long the bytes behind the current rate kept arriving: from the start of the window's first bucket
   * holding bytes to the end of its last one (one burst: a single bucket); for a sparse reading, the time
   * since its oldest arrival. What the ETA rule (eta.ts) asks.
   */
  sampledMs(nowMs: number = Date.now()): number {
    return this.reading(nowMs).sampledMs;
  }

  /**
   * The rate and how long it was measured over, for the ETA rule; at most `limitBytesPerSecond` (the
   * lowest bandwidth limit in force on these bytes, Infinity for none). Shortly after restart(), the
   * reading before it (see above).
   */
  reading(nowMs: number = Date.now(), limitBytesPerSecond = Number.POSITIVE_INFINITY): RateReading {
    const carried = this.#carried;
    const reading = carried && nowMs < carried.untilMs ? carried.reading : this.#measured(nowMs);
    return reading.bytesPerSecond > limitBytesPerSecond
      ? { bytesPerSecond: limitBytesPerSecond, sampledMs: reading.sampledMs }
      : reading;
  }

  /**
   * The window starts over at `nowMs` (a bandwidth limit was set or changed); until the new one has measured
   * for MIN_ETA_SAMPLED_MS, reading() gives what it read just before.
   */
  restart(nowMs: number = Date.now()): void {
    const before = this.reading(nowMs);
    this.reset();
    this.startAt(nowMs);
    this.#carried = { reading: before, untilMs: nowMs + MIN_ETA_SAMPLED_MS };
  }

  #measured(nowMs: number): RateReading {
    this.#prune(nowMs);
    const first = this.#firstInWindow(nowMs);
    const sparse = this.#sparse(nowMs, this.#buckets.length - first);
    if (sparse) return { bytesPerSecond: (sparse.bytes * 1000) / sparse.spanMs, sampledMs: sparse.spanMs };
    if (this.#firstSampleMs === undefined || first === this.#buckets.length) {
      return { bytesPerSecond: 0, sampledMs: 0 };
    }
    let bytes = 0;
    for (let index = first; index < this.#buckets.length; index++) bytes += this.#buckets[index]![1];
    const spanMs = Math.min(this.#windowMs, Math.max(this.#bucketMs, nowMs - this.#firstSampleMs));
    const sampledMs = (this.#buckets.at(-1)![0] - this.#buckets[first]![0] + 1) * this.#bucketMs;
    return { bytesPerSecond: (bytes * 1000) / spanMs, sampledMs };
  }

  /** All bytes ever added. */
  get totalBytes(): number {
    return this.#totalBytes;
  }

  reset(): void {
    this.#buckets.length = 0;
    this.#firstSampleMs = undefined;
    this.#totalBytes = 0;
    this.#carried = undefined;
  }

  /** Index of the first bucket of the regular window (the length when none is in it). */
  #firstInWindow(nowMs: number): number {
    const oldestIndex = Math.floor((nowMs - this.#windowMs) / this.#bucketMs);
    let first = this.#buckets.length;
    while (first > 0 && this.#buckets[first - 1]![0] > oldestIndex) first--;
    return first;
  }

  /**
   * The sparse reading (above), when the window holds fewer than two arrivals and enough came before, every
   * two of them at least half a window apart, and the last no longer ago than two such gaps (a sparse flow
   * that stopped reads 0 too). A flow that came densely and stopped reads 0 once its window is empty, even
   * when a few bytes arrived after the pause (a stalled connection's reconnect: a dense flow's last bucket,
   * then 30 s later 100 bytes, read as 23 kB/s held for 30 s, with an ETA, while nothing arrived).
   */
  #sparse(nowMs: number, inWindow: number): { bytes: number; spanMs: number } | undefined {
    const count = this.#buckets.length;
    if (inWindow >= 2 || count < SPARSE_ARRIVALS) return undefined;
    const at = (index: number) => this.#buckets[index]![0] * this.#bucketMs;
    const startMs = at(count - SPARSE_ARRIVALS);
    const lastMs = at(count - 1);
    const lastGapMs = lastMs - at(count - 2);
    for (let index = count - SPARSE_ARRIVALS + 1; index < count; index++) {
      if (at(index) - at(index - 1) < this.#windowMs / 2) return undefined;
    }
    if (nowMs - lastMs > 2 * lastGapMs) return undefined;
    let bytes = 0;
    for (let index = count - SPARSE_ARRIVALS + 1; index < count; index++) bytes += this.#buckets[index]![1];
    // Between arrivals the reading holds; once the next one is overdue (a gap longer than the last), it falls.
    const spanMs = Math.max(lastMs - startMs, nowMs - startMs - lastGapMs);
    return { bytes, spanMs: Math.max(this.#bucketMs, spanMs) };
  }

  /**
   * Keeps the regular window's buckets and, older, only the last SPARSE_ARRIVALS of the last
   * SPARSE_WINDOW_MS (all a sparse reading looks at).
   */
  #prune(nowMs: number): void {
    const windowStart = Math.floor((nowMs - this.#windowMs) / this.#bucketMs);
    const sparseStart = Math.floor((nowMs - SPARSE_WINDOW_MS) / this.#bucketMs);
    while (this.#buckets.length > 0) {
      const [index] = this.#buckets[0]!;
      const kept = index > windowStart || (index > sparseStart && this.#buckets.length <= SPARSE_ARRIVALS);
      if (kept) return;
      this.#buckets.shift();
    }
  }
}
