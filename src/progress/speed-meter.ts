/**
 * Bytes per second over a sliding window (default 5 s) of small time buckets, so the reading is smooth
 * (one slow second does not halve it) yet follows a real change within the window. Before a full window
 * has passed, the rate is over the time elapsed since the first sample (at least one bucket), so the first
 * seconds of a download already show a speed.
 */
import type { RateReading } from './eta.js';

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
    this.#prune(nowMs);
    if (this.#firstSampleMs === undefined || this.#buckets.length === 0) return 0;
    let bytes = 0;
    for (const [, count] of this.#buckets) bytes += count;
    const spanMs = Math.min(this.#windowMs, Math.max(this.#bucketMs, nowMs - this.#firstSampleMs));
    return (bytes * 1000) / spanMs;
  }

  /**
   * How long the bytes behind the current rate kept arriving: from the start of the window's first bucket
   * holding bytes to the end of its last one (one burst: a single bucket). What the ETA rule (eta.ts) asks.
   */
  sampledMs(nowMs: number = Date.now()): number {
    this.#prune(nowMs);
    const first = this.#buckets[0];
    const last = this.#buckets.at(-1);
    if (!first || !last) return 0;
    return (last[0] - first[0] + 1) * this.#bucketMs;
  }

  /** The rate and how long it was measured over, for the ETA rule. */
  reading(nowMs: number = Date.now()): RateReading {
    return { bytesPerSecond: this.bytesPerSecond(nowMs), sampledMs: this.sampledMs(nowMs) };
  }

  /** All bytes ever added. */
  get totalBytes(): number {
    return this.#totalBytes;
  }

  reset(): void {
    this.#buckets.length = 0;
    this.#firstSampleMs = undefined;
    this.#totalBytes = 0;
  }

  #prune(nowMs: number): void {
    const oldestIndex = Math.floor((nowMs - this.#windowMs) / this.#bucketMs);
    while (this.#buckets.length > 0 && this.#buckets[0]![0] <= oldestIndex) this.#buckets.shift();
  }
}
