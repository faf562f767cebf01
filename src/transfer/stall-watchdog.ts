/**
 * Watches the live connections of one file and aborts those that stopped (no bytes for `stallTimeoutMs`:
 * reason 'no-data') or crawl far behind their peers (below `slowRatio` × the median speed of the other
 * flowing connections, continuously for `slowForMs`, with at least `slowMinRemainingBytes` left to fetch:
 * reason 'slow-connection' — a bad CDN edge, a congested socket, a receive window that never grew; a fresh
 * request usually gets a better one). The owner of an aborted connection re-issues the rest of its range.
 * One timer per file, not per request.
 *
 * Speeds are taken over a window that holds at least `slowJudgedBytes` of a typical connection's bytes
 * (at least `slowForMs`): a connection's bytes arrive in lumps (a write batch of up to 256 KiB, a server's
 * or a shared line's turn), and over a window holding less than a lump or two a healthy connection reads 0
 * between two of them. On a line capped at 10 MB/s as a whole, 32 connections got a lump of ~200 KB every
 * ~0.6 s each, and the former fixed 0.3 s window replaced 28 of them in one 13 s download, none of which could
 * help (docs/transfer-faults.md, "Slow connections on a shared line").
 *
 * A connection is not judged over a window in which it waited on our side (rate limiter, disk) for more than
 * `WAITED_SHARE` of it: its speed there is ours, not the server's, and a new connection would wait alike.
 *
 * A connection is judged only once it had time to leave TCP slow start: `SLOW_START_ROUND_TRIPS` round trips
 * after its first byte. Without that grace a new connection on a link with a long round trip would look slow
 * next to established ones and be replaced again and again. The round trip is the shortest time to first
 * byte seen among the file's connections (no response comes sooner than one round trip): a connection's own
 * can be many round trips on a busy machine — the server's and our own event loop's delays are in it
 * (see `#roundTripMs`).
 */

import { DEFAULT_STALL_TIMEOUT_MS } from '../defaults.js';
import { ConnectionHistory } from './connection-history.js';

export type StallReason = 'no-data' | 'slow-connection';

/**
 * The stall timeout in ms, or a function of it: read at every check, so a changed setting (the server's
 * `stallTimeoutMs`) applies to the connections already open, as the warning that states it says.
 */
export type StallTimeout = number | (() => number);

export interface WatchedConnection {
  /** First byte this connection was asked for (for events). */
  readonly rangeStart: number;
  /** Bytes it still has to deliver. */
  remainingBytes(): number;
  /** Called once when the watchdog gives up on it. */
  abort(reason: StallReason, idleMs: number): void;
}

/**
 * Round trips a new connection gets after its first byte before it can be judged slow: slow start doubles
 * the congestion window each round trip, so eight take it from the initial 10 segments (~14 KB) to ~3.6 MB.
 */
export const SLOW_START_ROUND_TRIPS = 8;

/**
 * The slow-connection rule's defaults (DEFAULT_TRANSFER_TUNING uses them): below a quarter of the median of
 * the other connections for 0.3 s, with at least 1 MiB left. Tuned on the "stuck" loopback connections of
 * docs/transfer-faults.md ("A connection that never speeds up"): their receive window never grew, they
 * crawled at 3–6 MB/s beside peers at 30–40 MB/s for the whole download and held the lowest segment, so
 * the hash of a 1 GiB file waited for them (0.7 s after the last byte). A replaced one came back at its
 * peers' speed. The former rule (a tenth for 5 s, 4 MiB left) never fired within a 2–3 s download.
 */
export const DEFAULT_SLOW_RATIO = 0.25;
export const DEFAULT_SLOW_FOR_MS = 300;
export const DEFAULT_SLOW_MIN_REMAINING_BYTES = 1024 * 1024;

/**
 * Bytes of a typical connection (the median of the flowing ones, over their last MAX_SLOW_WINDOW_MS) the
 * window of the slow rule must hold: 8 write batches of 256 KiB, so one lump more or less moves a speed by at
 * most an eighth, well inside the 25 % of the rule. Connections of 30–40 MB/s (the stuck loopback ones above)
 * deliver it in 50–70 ms, so their window stays slowForMs; connections of 300 KB/s each (32 on a 10 MB/s
 * line) are judged over 7 s.
 */
export const DEFAULT_SLOW_JUDGED_BYTES = 2 * 1024 * 1024;
/** Longest window of the slow rule (slower connections are judged over it, holding less than the bytes above). */
export const MAX_SLOW_WINDOW_MS = 10_000;
/** A connection that waited on our side for more than this share of its window is not judged slow. */
export const WAITED_SHARE = 0.1;

export interface StallWatchdogOptions {
  /** Default 30 000 ms; a function is read at every check (StallTimeout). */
  stallTimeoutMs?: StallTimeout;
  /** Share of the median speed of the others below which a connection is slow. Default DEFAULT_SLOW_RATIO. */
  slowRatio?: number;
  /** How long a connection must stay that slow. Default DEFAULT_SLOW_FOR_MS. */
  slowForMs?: number;
  /** Not worth a new request below this. Default DEFAULT_SLOW_MIN_REMAINING_BYTES. */
  slowMinRemainingBytes?: number;
  /** Bytes of a typical connection the slow rule's window must hold. Default DEFAULT_SLOW_JUDGED_BYTES. */
  slowJudgedBytes?: number;
  /** Check period. Default min(1000, stallTimeoutMs / 4, slowForMs / 3), following a changed timeout. */
  tickMs?: number;
  now?: () => number;
}

interface Entry {
  connection: WatchedConnection;
  startedAtMs: number;
  /** First byte of the response (undefined before it): with startedAtMs, about one round trip. */
  firstByteAtMs: number | undefined;
  lastByteAtMs: number;
  slowSinceMs: number | undefined;
  /** Waiting on our side (rate limiter, disk): idleness is not the server's fault. */
  busy: boolean;
  history: ConnectionHistory;
  done: boolean;
}

export class StallWatchdog {
  readonly #stallTimeoutMs: () => number;
  readonly #slowRatio: number;
  readonly #slowForMs: number;
  readonly #slowMinRemainingBytes: number;
  readonly #slowJudgedBytes: number;
  /**
   * Shortest span a speed is taken over, and the step of the connections' histories (a tenth of slowForMs, as
   * the former meter's buckets): a first batch alone is no speed.
   */
  readonly #minSpanMs: number;
  readonly #fixedTickMs: number | undefined;
  /** The period the timer runs at (#tickMs() when it was set). */
  #timerTickMs = 0;
  readonly #now: () => number;
  readonly #entries = new Map<WatchedConnection, Entry>();
  /**
   * Shortest time from request to first byte among the connections watched so far: the best estimate of one
   * round trip. Each connection's own time to first byte also holds the time the server took and the time our
   * event loop took to notice: on a busy two-core machine new loopback connections measured 50–220 ms
   * against 16–30 ms for the first ones, and a connection that crawled while it held the lowest segment (the
   * one the hash waits for) was left alone for a second (8 × its 122 ms) instead of 0.3 s.
   */
  #roundTripMs = Number.POSITIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: StallWatchdogOptions = {}) {
    const timeout = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
    this.#stallTimeoutMs = typeof timeout === 'function' ? timeout : () => timeout;
    this.#slowRatio = options.slowRatio ?? DEFAULT_SLOW_RATIO;
    this.#slowForMs = options.slowForMs ?? DEFAULT_SLOW_FOR_MS;
    this.#slowMinRemainingBytes = options.slowMinRemainingBytes ?? DEFAULT_SLOW_MIN_REMAINING_BYTES;
    this.#slowJudgedBytes = options.slowJudgedBytes ?? DEFAULT_SLOW_JUDGED_BYTES;
    this.#minSpanMs = Math.max(10, Math.floor(this.#slowForMs / 10));
    this.#fixedTickMs = options.tickMs;
    this.#now = options.now ?? Date.now;
  }

  /** Starts watching; returns the function that stops watching it. */
  watch(connection: WatchedConnection): () => void {
    const nowMs = this.#now();
    this.#entries.set(connection, {
      connection,
      startedAtMs: nowMs,
      firstByteAtMs: undefined,
      lastByteAtMs: nowMs,
      slowSinceMs: undefined,
      busy: false,
      history: new ConnectionHistory(MAX_SLOW_WINDOW_MS, this.#minSpanMs),
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
    if (entry.firstByteAtMs === undefined) {
      entry.firstByteAtMs = nowMs;
      this.#roundTripMs = Math.min(this.#roundTripMs, nowMs - entry.startedAtMs);
    }
    entry.lastByteAtMs = nowMs;
    entry.history.add(bytes, nowMs);
  }

  /** Marks time spent waiting on the rate limiter or the disk, which must not count as a stall. */
  setBusy(connection: WatchedConnection, busy: boolean): void {
    const entry = this.#entries.get(connection);
    if (!entry) return;
    const nowMs = this.#now();
    entry.busy = busy;
    entry.history.setWaiting(busy, nowMs);
    if (!busy) entry.lastByteAtMs = nowMs;
  }

  /** One pass of the checks (runs on the timer; public for tests). */
  check(nowMs: number = this.#now()): void {
    const entries = [...this.#entries.values()].filter((entry) => !entry.done);
    const windowMs = this.#slowWindowMs(entries, nowMs);
    // Each connection's speed once per check (the slow rule compares every one with all the others).
    const speeds = new Map(entries.map((entry) => [entry, this.#speed(entry, windowMs, nowMs)]));
    // The setting as it is now, for every connection of this pass.
    const stallTimeoutMs = this.#stallTimeoutMs();
    for (const entry of entries) {
      if (entry.busy) continue;
      const idleMs = nowMs - entry.lastByteAtMs;
      if (idleMs >= stallTimeoutMs) {
        this.#fire(entry, 'no-data', idleMs);
        continue;
      }
      if (!this.#isSlow(entry, speeds, windowMs, nowMs)) {
        entry.slowSinceMs = undefined;
        continue;
      }
      entry.slowSinceMs ??= nowMs;
      if (nowMs - entry.slowSinceMs >= this.#slowForMs && this.#outOfSlowStart(entry, nowMs)) {
        this.#fire(entry, 'slow-connection', idleMs);
      }
    }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Long enough after its first byte for slow start to have opened its window (see above). */
  #outOfSlowStart(entry: Entry, nowMs: number): boolean {
    const first = entry.firstByteAtMs;
    if (first === undefined) return false;
    // This connection's first byte already went into the round trip: it is at most its own time to first byte.
    return nowMs - first >= SLOW_START_ROUND_TRIPS * this.#roundTripMs;
  }

  /**
   * The slow rule's window: long enough for a typical connection (the median of the flowing ones, over their
   * last MAX_SLOW_WINDOW_MS) to deliver slowJudgedBytes, at least slowForMs, at most MAX_SLOW_WINDOW_MS.
   */
  #slowWindowMs(entries: readonly Entry[], nowMs: number): number {
    const rates = entries
      .map((entry) => this.#speed(entry, MAX_SLOW_WINDOW_MS, nowMs))
      .filter((rate) => rate > 0)
      .sort((a, b) => a - b);
    const typical = rates[Math.floor(rates.length / 2)];
    if (typical === undefined) return this.#slowForMs;
    const neededMs = (this.#slowJudgedBytes * 1000) / typical;
    return Math.min(MAX_SLOW_WINDOW_MS, Math.max(this.#slowForMs, neededMs));
  }

  /** Bytes/s over the last windowMs, or since the first byte when that is sooner (at least #minSpanMs). */
  #speed(entry: Entry, windowMs: number, nowMs: number): number {
    if (entry.firstByteAtMs === undefined) return 0;
    const ageMs = nowMs - entry.firstByteAtMs;
    if (ageMs < windowMs)
      return (entry.history.bytesSince(-Infinity) * 1000) / Math.max(this.#minSpanMs, ageMs);
    return (entry.history.bytesSince(nowMs - windowMs) * 1000) / windowMs;
  }

  #isSlow(entry: Entry, speeds: ReadonlyMap<Entry, number>, windowMs: number, nowMs: number): boolean {
    if (entry.connection.remainingBytes() < this.#slowMinRemainingBytes) return false;
    const first = entry.firstByteAtMs;
    if (first === undefined) return false;
    // Judged over its own span when younger than the window, which must still hold the bytes it is judged on.
    const spanMs = Math.min(windowMs, nowMs - first);
    const others = [...speeds]
      .filter(([other, speed]) => other !== entry && speed > 0)
      .map(([, speed]) => speed)
      .sort((a, b) => a - b);
    if (others.length === 0) return false;
    const median = others[Math.floor(others.length / 2)]!;
    if ((median * spanMs) / 1000 < Math.min(this.#slowJudgedBytes, (median * windowMs) / 1000)) return false;
    // Its speed there was ours (a rate limiter, the disk), not the server's.
    if (entry.history.waitedSince(nowMs - spanMs, nowMs) > WAITED_SHARE * spanMs) return false;
    return speeds.get(entry)! < median * this.#slowRatio;
  }

  #fire(entry: Entry, reason: StallReason, idleMs: number): void {
    entry.done = true;
    entry.connection.abort(reason, idleMs);
  }

  /** The check period for the timeout as it is now. */
  #tickMs(): number {
    return (
      this.#fixedTickMs ??
      Math.max(10, Math.floor(Math.min(1000, this.#stallTimeoutMs() / 4, this.#slowForMs / 3)))
    );
  }

  #ensureTimer(): void {
    if (this.#timer) return;
    this.#timerTickMs = this.#tickMs();
    this.#timer = setInterval(() => {
      this.check();
      // A shorter timeout set meanwhile is checked as often as one set from the start.
      if (this.#timer && this.#tickMs() !== this.#timerTickMs) {
        this.stop();
        this.#ensureTimer();
      }
    }, this.#timerTickMs);
    this.#timer.unref?.();
  }
}
