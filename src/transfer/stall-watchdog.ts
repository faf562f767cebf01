/**
 * Watches the live connections of one file and aborts those that stopped (no bytes for `stallTimeoutMs`:
 * reason 'no-data') or crawl far behind their peers (below `slowRatio` × the median speed of the other
 * flowing connections, continuously for `slowForMs`, with at least `slowMinRemainingBytes` left to fetch:
 * reason 'slow-connection' — a bad CDN edge or a congested socket; a fresh request usually gets a better one).
 * The owner of an aborted connection re-issues the rest of its range. One timer per file, not per request.
 */

import { DEFAULT_STALL_TIMEOUT_MS } from '../defaults.js';
import { SpeedMeter } from '../progress/speed-meter.js';

export type StallReason = 'no-data' | 'slow-connection';

export interface WatchedConnection {
  /** First byte this connection was asked for (for events). */
  readonly rangeStart: number;
  /** Bytes it still has to deliver. */
  remainingBytes(): number;
  /** Called once when the watchdog gives up on it. */
  abort(reason: StallReason, idleMs: number): void;
}

export interface StallWatchdogOptions {
  /** Default 30 000 ms. */
  stallTimeoutMs?: number;
  /** Default 0.1 (a tenth of the median of the others). */
  slowRatio?: number;
  /** How long a connection must stay that slow. Default 5000 ms. */
  slowForMs?: number;
  /** Not worth a new request below this. Default 4 MiB. */
  slowMinRemainingBytes?: number;
  /** Check period. Default min(1000, stallTimeoutMs / 4). */
  tickMs?: number;
  now?: () => number;
}

interface Entry {
  connection: WatchedConnection;
  startedAtMs: number;
  lastByteAtMs: number;
  slowSinceMs: number | undefined;
  /** Waiting on our side (rate limiter, disk): idleness is not the server's fault. */
  busy: boolean;
  meter: SpeedMeter;
  done: boolean;
}

export class StallWatchdog {
  readonly #stallTimeoutMs: number;
  readonly #slowRatio: number;
  readonly #slowForMs: number;
  readonly #slowMinRemainingBytes: number;
  readonly #tickMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<WatchedConnection, Entry>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: StallWatchdogOptions = {}) {
    this.#stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
    this.#slowRatio = options.slowRatio ?? 0.1;
    this.#slowForMs = options.slowForMs ?? 5000;
    this.#slowMinRemainingBytes = options.slowMinRemainingBytes ?? 4 * 1024 * 1024;
    this.#tickMs = options.tickMs ?? Math.max(10, Math.min(1000, Math.floor(this.#stallTimeoutMs / 4)));
    this.#now = options.now ?? Date.now;
  }

  /** Starts watching; returns the function that stops watching it. */
  watch(connection: WatchedConnection): () => void {
    const nowMs = this.#now();
    const windowMs = Math.max(1000, this.#slowForMs);
    this.#entries.set(connection, {
      connection,
      startedAtMs: nowMs,
      lastByteAtMs: nowMs,
      slowSinceMs: undefined,
      busy: false,
      meter: new SpeedMeter({ windowMs, bucketMs: Math.max(50, Math.floor(windowMs / 20)) }),
      done: false,
    });
    this.#ensureTimer();
    return () => {
      this.#entries.delete(connection);
      if (this.#entries.size === 0) this.stop();
    };
  }

  noteBytes(connection: WatchedConnection, bytes: number): void {
    const entry = this.#entries.get(connection);
    if (!entry) return;
    const nowMs = this.#now();
    entry.lastByteAtMs = nowMs;
    entry.meter.add(bytes, nowMs);
  }

  /** Marks time spent waiting on the rate limiter or the disk, which must not count as a stall. */
  setBusy(connection: WatchedConnection, busy: boolean): void {
    const entry = this.#entries.get(connection);
    if (!entry) return;
    entry.busy = busy;
    if (!busy) entry.lastByteAtMs = this.#now();
  }

  /** One pass of the checks (runs on the timer; public for tests). */
  check(nowMs: number = this.#now()): void {
    const entries = [...this.#entries.values()].filter((entry) => !entry.done);
    for (const entry of entries) {
      if (entry.busy) continue;
      const idleMs = nowMs - entry.lastByteAtMs;
      if (idleMs >= this.#stallTimeoutMs) {
        this.#fire(entry, 'no-data', idleMs);
        continue;
      }
      if (!this.#isSlow(entry, entries, nowMs)) {
        entry.slowSinceMs = undefined;
        continue;
      }
      entry.slowSinceMs ??= nowMs;
      if (nowMs - entry.slowSinceMs >= this.#slowForMs) this.#fire(entry, 'slow-connection', idleMs);
    }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #isSlow(entry: Entry, entries: Entry[], nowMs: number): boolean {
    if (nowMs - entry.startedAtMs < this.#slowForMs) return false;
    if (entry.connection.remainingBytes() < this.#slowMinRemainingBytes) return false;
    const others = entries
      .filter((other) => other !== entry)
      .map((other) => other.meter.bytesPerSecond(nowMs))
      .filter((speed) => speed > 0)
      .sort((a, b) => a - b);
    if (others.length === 0) return false;
    const median = others[Math.floor(others.length / 2)]!;
    return entry.meter.bytesPerSecond(nowMs) < median * this.#slowRatio;
  }

  #fire(entry: Entry, reason: StallReason, idleMs: number): void {
    entry.done = true;
    entry.connection.abort(reason, idleMs);
  }

  #ensureTimer(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.check(), this.#tickMs);
    this.#timer.unref?.();
  }
}
