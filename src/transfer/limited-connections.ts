/**
 * Connections under a rate limit when each connection is slow (docs/transfer-rate-limits.md, "Connections under a
 * rate limit"). The rate-bound budget allows one connection per LIMITED_BYTES_PER_SECOND_PER_CONNECTION of
 * the limit, which assumes a connection carries far more than that; a CDN that paces every connection at
 * 300 kB/s left a 4 MB/s limit at 2 connections and 0.6 MB/s. This controller, one per download, watches what
 * the download pays the limiters and opens more connections while the connections are far slower than their
 * share, and gives them back once the limiter holds bytes back:
 * - every 100 ms a sample: bytes paid, bytes that had to wait for the limiter ("held"), connections held;
 * - after a change, SETTLE_INTERVALS are skipped (new connections ramp up), then the next WINDOW_INTERVALS
 *   are measured, only while every connection the bound allows is in use (else nothing is judged);
 * - less than HELD_SHARE of the bytes held and the rate below GROW_BELOW of the limit: the connections are
 *   slower than their share, so the bound becomes as many as the limit can use at the measured rate per
 *   connection, floor(limit / rate per connection) (the total stays at or just below the limit), up to
 *   `ceiling`;
 * - a window over which the caller's event loop was busy for SATURATED_SHARE of the time or more opens none:
 *   the machine, not the connections, is what is slow (the adaptive controller's saturation rule, whose share
 *   it reads), and more connections would cost it more CPU;
 * - HELD_SHARE of the bytes or more held over HELD_INTERVALS (the limit is reached, each connection reads
 *   ahead of the limiter while it waits): half the connections above the base rule go back, and the rest is
 *   measured again.
 * Why the bytes on the wire stay bounded: a connection reads ahead of the limiter only while the limiter holds
 * it back, and each range request under a grown bound asks for at most its share of what the base rule's
 * connections may read ahead (rate-bound-budget.ts, segmentBytesForLimits), so N connections never have more
 * than the base rule's read-ahead beyond the limiter, and they hold that much only until the next judgement.
 * Pure: the caller feeds it its counts and its clock.
 */

import { SATURATED_SHARE } from './adaptive-options.js';

/**
 * Intervals skipped after the bound changed: new connections still wait for their first bytes (a slot counts
 * from when it is held). With 2 (200 ms), a 2 MB/s limit over connections paced at 300 kB/s measured 6 new
 * connections before they all carried, went on to 9, and came back to 5 and 6 (the CLI against the test hub).
 */
const SETTLE_INTERVALS = 5;

/**
 * Intervals a rate is measured over: a second. A connection paced at 300 kB/s delivers a 64 KiB chunk about
 * every 0.2 s, so 100 ms intervals of two connections read 0 or 2 chunks; a second holds ~10.
 */
const WINDOW_INTERVALS = 10;

/** The share of the paid bytes that waited for the limiter from which the limit counts as reached. */
const HELD_SHARE = 0.5;

/** The share of the limit below which the connections are slower than their share: more may be opened. */
const GROW_BELOW = 0.8;

/**
 * Intervals after which a limit reached is judged: the limiter holding most bytes back is plain in 0.3 s, and
 * connections that sped up go back sooner (their read-ahead is bounded either way, segmentBytesForLimits).
 */
const HELD_INTERVALS = 3;

/** The share of the connections above the base rule kept when the limit is reached (the rest go back). */
const KEEP_ON_HELD = 0.5;

export interface LimitedSample {
  /** Bytes the download paid its limiters so far. */
  paidBytes: number;
  /** Of those, bytes that waited for a limiter (it held them back). */
  heldBytes: number;
  nowMs: number;
  /** Connections the download holds now. */
  open: number;
  /** The lowest active limit, bytes/s (finite). */
  limit: number;
  /** Connections the base rule allows (connectionsForLimits). */
  base: number;
  /** How long the caller's event loop has been busy in all, ms (omitted: never saturated). */
  loopBusyMs?: number;
}

interface Window {
  settleLeft: number;
  intervals: number;
  startPaid: number;
  startHeld: number;
  startMs: number;
  startBusyMs: number | undefined;
}

export class LimitedConnections {
  readonly #ceiling: number;
  /** Connections opened beyond the base rule (undefined: none, the base rule decides). */
  #grown: number | undefined;
  #window: Window | undefined;

  constructor(ceiling: number) {
    this.#ceiling = Math.max(1, Math.floor(ceiling));
  }

  /** The connections this controller opened beyond the base rule's, or undefined when it opened none. */
  get grown(): number | undefined {
    return this.#grown;
  }

  /** The connections the download may hold: the base rule's, or more when the connections are slow. */
  bound(base: number): number {
    return this.#grown !== undefined && this.#grown > base ? this.#grown : base;
  }

  /** The limit changed (or went away): the base rule decides again, and the rate is measured afresh. */
  reset(): void {
    this.#grown = undefined;
    this.#window = undefined;
  }

  /** One interval passed; returns the bound. */
  sample(sample: LimitedSample): number {
    const { paidBytes, heldBytes, nowMs, open, limit, base } = sample;
    if (this.#grown !== undefined && this.#grown <= base) this.#grown = undefined;
    const bound = this.bound(base);
    // Fewer connections than the bound (a file near its end, the budget full) or more (lanes above a lowered
    // bound finish their segment): what they carry says nothing about the connections the bound allows.
    if (open !== bound || this.#window === undefined) {
      this.#window = this.#fresh(sample, SETTLE_INTERVALS);
      return bound;
    }
    const window = this.#window;
    if (window.settleLeft > 0) {
      this.#window = this.#fresh(sample, window.settleLeft - 1);
      return bound;
    }
    window.intervals++;
    if (nowMs <= window.startMs) return bound;
    const paid = paidBytes - window.startPaid;
    const held = heldBytes - window.startHeld;
    if (window.intervals >= HELD_INTERVALS && paid > 0 && held / paid >= HELD_SHARE) {
      // The limit is reached: half the connections above the base rule go back, and the rest is measured.
      this.#window = this.#fresh(sample, 0);
      if (this.#grown === undefined) return bound;
      const kept = Math.floor(base + (this.#grown - base) * KEEP_ON_HELD);
      this.#grown = kept > base ? kept : undefined;
      return this.bound(base);
    }
    if (window.intervals < WINDOW_INTERVALS) return bound;
    const rate = (paid * 1000) / (nowMs - window.startMs);
    this.#window = this.#fresh(sample, 0);
    if (rate <= 0 || rate >= GROW_BELOW * limit) return bound;
    // The loop was busy nearly all the while: the machine, not the connections, held the rate down.
    const busyMs =
      sample.loopBusyMs === undefined || window.startBusyMs === undefined
        ? 0
        : sample.loopBusyMs - window.startBusyMs;
    if (busyMs >= SATURATED_SHARE * (nowMs - window.startMs)) return bound;
    // Each connection is slower than its share: as many as the limit can use at the rate each one carries.
    const usable = Math.min(this.#ceiling, Math.floor((limit * open) / rate));
    if (usable <= bound) return bound;
    this.#grown = usable;
    return usable;
  }

  #fresh(sample: LimitedSample, settleLeft: number): Window {
    return {
      settleLeft,
      intervals: 0,
      startPaid: sample.paidBytes,
      startHeld: sample.heldBytes,
      startMs: sample.nowMs,
      startBusyMs: sample.loopBusyMs,
    };
  }
}
