/**
 * What one watched connection delivered over time, and the time it spent waiting on our side (rate limiter,
 * disk), kept for windows of any length up to `maxWindowMs`: the stall watchdog judges a connection over a
 * window sized to hold enough of its peers' bytes (stall-watchdog.ts), not over a fixed one.
 *
 * Both are running totals, sampled at most once per `resolutionMs`: what happened after a moment is the
 * total now minus the total at the last sample at or before it.
 */
export class ConnectionHistory {
  readonly #maxWindowMs: number;
  readonly #resolutionMs: number;
  /** Sample times, and the bytes delivered and milliseconds waited up to each, oldest first, from #start on. */
  #times: number[] = [];
  #bytes: number[] = [];
  #waited: number[] = [];
  #start = 0;
  #totalBytes = 0;
  /** Milliseconds of the waits that ended. */
  #totalWaitedMs = 0;
  #waitingSinceMs: number | undefined;

  /**
   * `resolutionMs`: what happens within this long of a sample joins it (a window is then exact to one such
   * step), so a connection keeps at most maxWindowMs / resolutionMs samples, however many writes it makes.
   */
  constructor(maxWindowMs: number, resolutionMs: number) {
    this.#maxWindowMs = maxWindowMs;
    this.#resolutionMs = resolutionMs;
  }

  add(bytes: number, nowMs: number): void {
    if (bytes <= 0) return;
    this.#totalBytes += bytes;
    this.#record(nowMs);
  }

  setWaiting(waiting: boolean, nowMs: number): void {
    if (waiting) {
      this.#waitingSinceMs ??= nowMs;
      return;
    }
    if (this.#waitingSinceMs === undefined) return;
    this.#totalWaitedMs += Math.max(0, nowMs - this.#waitingSinceMs);
    this.#waitingSinceMs = undefined;
    this.#record(nowMs);
  }

  /** Bytes delivered after `fromMs` (to one step, for any `fromMs` within maxWindowMs of the last sample). */
  bytesSince(fromMs: number): number {
    const index = this.#sampleAt(fromMs);
    return this.#totalBytes - (index < 0 ? 0 : this.#bytes[index]!);
  }

  /**
   * Milliseconds of [fromMs, nowMs) spent waiting on our side; a wait that began before fromMs and ended
   * after it counts whole (never less than the truth).
   */
  waitedSince(fromMs: number, nowMs: number): number {
    const index = this.#sampleAt(fromMs);
    const open =
      this.#waitingSinceMs === undefined ? 0 : Math.max(0, nowMs - Math.max(this.#waitingSinceMs, fromMs));
    return this.#totalWaitedMs - (index < 0 ? 0 : this.#waited[index]!) + open;
  }

  /** Index of the last sample at or before `fromMs`, -1 when none. */
  #sampleAt(fromMs: number): number {
    let low = this.#start;
    let high = this.#times.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.#times[middle]! <= fromMs) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  }

  #record(nowMs: number): void {
    const last = this.#times.length - 1;
    if (last >= this.#start && nowMs - this.#times[last]! < this.#resolutionMs) {
      this.#bytes[last] = this.#totalBytes;
      this.#waited[last] = this.#totalWaitedMs;
    } else {
      this.#times.push(nowMs);
      this.#bytes.push(this.#totalBytes);
      this.#waited.push(this.#totalWaitedMs);
    }
    // Keep the last sample before the longest window: it is the base of a window reaching back that far.
    const oldestMs = nowMs - this.#maxWindowMs;
    while (this.#start + 1 < this.#times.length && this.#times[this.#start + 1]! <= oldestMs) this.#start++;
    if (this.#start > 64 && this.#start * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#start);
      this.#bytes = this.#bytes.slice(this.#start);
      this.#waited = this.#waited.slice(this.#start);
      this.#start = 0;
    }
  }
}
