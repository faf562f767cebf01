/**
 * Under a rate limit, a download opens only as many connections as the limit can use
 * (docs/transfer-rate-limits.md, "Connections under a rate limit"): each connection must get at least
 * LIMITED_BYTES_PER_SECOND_PER_CONNECTION of the lowest active limit, so at most
 * max(1, floor(limit / LIMITED_BYTES_PER_SECOND_PER_CONNECTION)) are open at once, across all the files of the
 * download (a file waits for a slot as it does for the connection budget).
 *
 * Why: the limiter can only hold back bytes that reached hubget. Every connection reads ahead of it by what
 * its socket holds before the pause closes the TCP window: the kernel's receive window, Node's read buffer
 * (one 64 KiB read) and the one chunk (≤ 64 KiB) that is paid for after it arrived. That much crosses the line
 * at once, whatever the limit: two files × 8 connections under `--limit-rate 1M` had received 3.3 MB within
 * 0.3 s of the first byte (`bench/manual/limit-burst.ts`). With the connections bounded by the limit, so is
 * the read-ahead (the constants below).
 *
 * The base rule assumes a connection carries more than its share; a CDN that paces every connection below it
 * (300 kB/s) left a 4 MB/s limit at 0.6 MB/s on 2 connections. So the download's view also measures what it
 * pays the limiters (meteredLimiters) and opens more connections while they are each far slower than their
 * share (limited-connections.ts), each range request then asking for proportionally less
 * (segmentBytesForLimits): the read-ahead of all of them stays within the base rule's.
 */

import { performance } from 'node:perf_hooks';
import { DEFAULT_CONNECTIONS_PER_FILE } from '../defaults.js';
import type { CountingBudget } from './connection-budget.js';
import type { ConnectionLine } from './connection-line.js';
import { LimitedConnections } from './limited-connections.js';
import { abortedError, anyLimited, lowestLimit } from './rate-limiter.js';
import { nextInLine, type SlotWaiter, waitInLine } from './slot-line.js';
import type { ByteRateLimiter, ConnectionBudget } from './types.js';

/**
 * How far one connection reads ahead of the limiter at most: 458 KiB in every run of
 * test/download/rate-limit.test.ts alone (loopback, Linux's default 128 KB initial receive buffer; the window
 * stays near 95 KB while the reader is paced, and grew once to 212 KB), 534 KiB once in a full test suite on
 * two busy cores (a late reader takes the bucket's bytes in bursts, and the kernel grows the window after
 * them). The bytes on the wire exceed what the limiter allowed by at most this much per open connection, and
 * limit × time by at most that plus the limiter's bucket (DEFAULT_BURST_MS of the rate); the test holds a
 * download to both.
 */
export const CONNECTION_READ_AHEAD_BYTES = 768 * 1024;

/**
 * The least share of a rate limit one connection must get. A connection reads ahead of the limiter by up to
 * CONNECTION_READ_AHEAD_BYTES; with at most one connection per 2 MB/s of the limit, the bytes on the wire
 * exceed limit × time by at most ~0.4 s of the limit plus the bucket of 0.2 s (below 2 MB/s, one connection:
 * 0.2 s of the limit + 768 KiB). 2 MB/s is far below what one CDN connection carries (20–40 MB/s), so a limit
 * of 16 MB/s still gets the 8 connections a file starts with.
 */
export const LIMITED_BYTES_PER_SECOND_PER_CONNECTION = 2_000_000;

/**
 * The least a range request asks for under a limit however many connections share it: below this, a request
 * per 64 KiB read, the round trips would cost more than the connections add.
 */
export const MIN_LIMITED_REQUEST_BYTES = 64 * 1024;

/**
 * The most bytes one range request may ask for while a limit is active: CONNECTION_READ_AHEAD_BYTES, so a
 * connection can never have more than that on the wire beyond what the limiter allowed, however far the
 * kernel opens its receive window (Linux 6.18 grew it to 1.2 MB within a second for a reader paced at
 * 1 MB/s, 1.8 MB beyond the limiter in test/download/rate-limit.test.ts). Infinity when none is active.
 * At a share of ≥ 2 MB/s per connection, a segment lasts ≤ 0.4 s: a request per segment, as aria2c's pieces.
 * With `connections` above the base rule's (slow connections, limited-connections.ts), each asks for its share
 * of the base rule's read-ahead, base × CONNECTION_READ_AHEAD_BYTES / connections (at least
 * MIN_LIMITED_REQUEST_BYTES): together they never read further ahead than the base rule's connections (but
 * for that floor: many very slow connections under a low limit, up to 32 × 64 KiB), and a request still lasts
 * about 0.4 s at the rate each one carries (13 connections at 300 kB/s under 4 MB/s: 118 KiB each).
 */
export function segmentBytesForLimits(limiters: readonly ByteRateLimiter[], connections?: number): number {
  if (!anyLimited(limiters)) return Number.POSITIVE_INFINITY;
  const base = connectionsForLimits(limiters);
  if (connections === undefined || connections <= base) return CONNECTION_READ_AHEAD_BYTES;
  return Math.max(MIN_LIMITED_REQUEST_BYTES, Math.floor((base * CONNECTION_READ_AHEAD_BYTES) / connections));
}

/** Connections the active limits can use (at least one); Infinity when none is active (rate 0). */
export function connectionsForLimits(limiters: readonly ByteRateLimiter[]): number {
  const lowest = lowestLimit(limiters);
  return Number.isFinite(lowest)
    ? Math.max(1, Math.floor(lowest / LIMITED_BYTES_PER_SECOND_PER_CONNECTION))
    : Number.POSITIVE_INFINITY;
}

/**
 * A download's view of its budget under rate limits, and the limiters its files are to pay instead of the
 * ones it was given (metered); no `limiters` without any (the budget itself).
 */
export type RateBoundBudget = CountingBudget & { readonly limiters?: readonly ByteRateLimiter[] };

/** How often a download's view samples what it paid (limited-connections.ts). */
const SAMPLE_MS = 100;

/** What a download paid its limiters, and the part of it that waited for them. */
interface PaidMeter {
  paidBytes: number;
  heldBytes: number;
}

/**
 * `limiters`, each counting into `meter` what passed it: the bytes once (at the first), and the bytes that
 * waited (at each limiter that held them: a chunk two limits held counts twice, which only makes the limit
 * look reached sooner).
 */
function meteredLimiters(limiters: readonly ByteRateLimiter[], meter: PaidMeter): ByteRateLimiter[] {
  return limiters.map((limiter, index) => ({
    get bytesPerSecond() {
      return limiter.bytesPerSecond;
    },
    setRate: (rate: number) => limiter.setRate(rate),
    onRateChange: (listener: () => void) => limiter.onRateChange(listener),
    take: async (bytes: number, signal?: AbortSignal) => {
      const held = await limiter.take(bytes, signal);
      if (index === 0) meter.paidBytes += bytes;
      if (held) meter.heldBytes += bytes;
      return held;
    },
  }));
}

/**
 * A view of `budget` (one download's) that hands out at most connectionsForLimits(limiters) slots at once,
 * first-come first-served, or more while the connections are each far slower than their share (up to
 * `ceiling`, limited-connections.ts: measured on what the download pays the returned `limiters`, which its
 * files must pay instead of `limiters`). A limit changed mid-download applies at once to new slots (and the
 * connections opened for slow ones are measured afresh); connections already open above a lowered bound
 * finish their segment and give their slot back (segmented-fetch.ts).
 */
export function rateBoundBudget(
  budget: CountingBudget,
  limiters: readonly ByteRateLimiter[],
  ceiling: number = DEFAULT_CONNECTIONS_PER_FILE,
  loopBusyMs: () => number = () => performance.eventLoopUtilization().active,
): RateBoundBudget {
  if (limiters.length === 0) return budget;
  const meter: PaidMeter = { paidBytes: 0, heldBytes: 0 };
  const controller = new LimitedConnections(ceiling);
  return new BoundBudget(budget, limiters, () => controller.bound(connectionsForLimits(limiters)), {
    controller,
    meter,
    limiters: meteredLimiters(limiters, meter),
    loopBusyMs,
  });
}

/**
 * The connections of a download's small files (≤ CONNECTION_READ_AHEAD_BYTES) under a rate limit: one of
 * their own, beside rateBoundBudget's, so a 22-byte config.json does not wait behind a large file's segment
 * on the one connection a low limit leaves (it waited for the whole file, 25–40 s in a CLI review). Its whole
 * body is at most what one connection reads ahead, so the bytes on the wire exceed the limit by at most one
 * more CONNECTION_READ_AHEAD_BYTES; every byte is still paid to the limiter.
 */
export function smallFileBudget(
  budget: CountingBudget,
  limiters: readonly ByteRateLimiter[],
): CountingBudget {
  if (limiters.length === 0) return budget;
  return new BoundBudget(budget, limiters, () => (anyLimited(limiters) ? 1 : Number.POSITIVE_INFINITY));
}

/** What a view measures to open more connections for slow ones (rateBoundBudget). */
interface Pacing {
  controller: LimitedConnections;
  meter: PaidMeter;
  limiters: ByteRateLimiter[];
  /** How long this process's event loop has been busy in all, in performance.now()'s ms (injected in tests). */
  loopBusyMs: () => number;
}

class BoundBudget implements CountingBudget {
  readonly #budget: CountingBudget;
  readonly #limiters: readonly ByteRateLimiter[];
  readonly #pacing: Pacing | undefined;
  /** Samples the pacing every SAMPLE_MS while a slot is held. */
  #timer: NodeJS.Timeout | undefined;
  /** The limit the pacing measured under (a change measures afresh). */
  #pacedLimit = Number.POSITIVE_INFINITY;
  /** Slots held, or being acquired from the underlying budget, through this view. */
  #held = 0;
  readonly #waiters: SlotWaiter[] = [];
  /** Subscriptions to the limiters' rate changes, only while someone waits (a raised limit frees slots). */
  #unsubscribe: Array<() => void> = [];

  /** How many slots this view hands out at once, now. */
  readonly #bound: () => number;

  constructor(
    budget: CountingBudget,
    limiters: readonly ByteRateLimiter[],
    bound: () => number,
    pacing?: Pacing,
  ) {
    this.#budget = budget;
    this.#limiters = limiters;
    this.#bound = bound;
    this.#pacing = pacing;
  }

  /** The limiters the download's files pay: metered when this view paces (rateBoundBudget). */
  get limiters(): readonly ByteRateLimiter[] {
    return this.#pacing?.limiters ?? this.#limiters;
  }

  get limitConnections(): number | undefined {
    return this.#pacing?.controller.grown;
  }

  /**
   * What a range request may ask for now: its share of the base rule's read-ahead among the connections the
   * bound allows or still held above it (lanes above a lowered bound finish their segments), so the requests
   * cut while the bound shrinks do not add to those still in flight.
   */
  get line(): ConnectionLine | undefined {
    return this.#budget.line;
  }

  get limitRequestBytes(): number | undefined {
    if (!this.#pacing) return undefined;
    return segmentBytesForLimits(this.#limiters, Math.max(this.#held, this.#bound()));
  }

  get available(): number {
    return Math.max(0, Math.min(this.#budget.available, this.#bound() - this.#held));
  }

  get inUse(): number {
    return this.#budget.inUse;
  }

  /** A lane gives its slot back: to this view's waiters, above a lowered bound, or as the budget says. */
  get contended(): boolean | undefined {
    if (this.#waiters.length > 0 || this.#held > this.#bound()) return true;
    return this.#budget.contended;
  }

  /** The budget's claim, while the bound leaves room. */
  get claimable(): boolean {
    return this.#held < this.#bound() && this.#budget.claimable === true;
  }

  /** The budget's: a first slot owed is given back whatever the bound. */
  claimPromptRelease(): boolean {
    return this.#budget.claimPromptRelease?.() ?? false;
  }

  setLimit(limit: number): void {
    this.#budget.setLimit(limit);
  }

  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    if (this.#waiters.length === 0 && this.#held < this.#bound()) {
      return this.#take(signal);
    }
    const waiting = waitInLine(this.#waiters, signal, () => this.#dispatch());
    if (this.#unsubscribe.length === 0) {
      this.#unsubscribe = this.#limiters.map((limiter) => limiter.onRateChange(() => this.#dispatch()));
    }
    return waiting;
  }

  /** One slot of the underlying budget, counted here from the moment it is asked for. */
  async #take(signal: AbortSignal | undefined): Promise<() => void> {
    this.#held++;
    this.#watch();
    let release: () => void;
    try {
      release = await this.#budget.acquire(signal);
    } catch (error) {
      this.#held--;
      this.#dispatch();
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
      this.#held--;
      this.#dispatch();
    };
  }

  /** Samples the pacing while a slot is held (the timer never keeps the process alive). */
  #watch(): void {
    if (!this.#pacing || this.#timer) return;
    this.#timer = setInterval(() => this.#sample(), SAMPLE_MS);
    this.#timer.unref?.();
  }

  #sample(): void {
    const pacing = this.#pacing!;
    if (this.#held === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      return;
    }
    const limit = lowestLimit(this.#limiters);
    if (limit !== this.#pacedLimit) {
      this.#pacedLimit = limit;
      pacing.controller.reset();
    }
    if (!Number.isFinite(limit)) return;
    const before = this.#bound();
    const after = pacing.controller.sample({
      paidBytes: pacing.meter.paidBytes,
      heldBytes: pacing.meter.heldBytes,
      nowMs: performance.now(),
      open: this.#held,
      limit,
      base: connectionsForLimits(this.#limiters),
      loopBusyMs: pacing.loopBusyMs(),
    });
    if (after > before) this.#dispatch();
  }

  #dispatch(): void {
    while (this.#waiters.length > 0 && this.#held < this.#bound()) {
      const waiter = nextInLine(this.#waiters)!;
      waiter.resolve(this.#take(waiter.signal));
    }
    if (this.#waiters.length === 0) {
      for (const unsubscribe of this.#unsubscribe) unsubscribe();
      this.#unsubscribe = [];
    }
  }
}

/**
 * How many connections one file may run under `limiters`: its adaptive target, or as many as the limit can use
 * while the connections are slow (`budget.limitConnections`), within its `cap`; `capped` when the cap holds it
 * below that (its connectionsReason is then the cap's, not the limit's). Undefined when no limit is active.
 */
export function fileConnectionsUnderLimits(
  limiters: readonly ByteRateLimiter[],
  budget: ConnectionBudget | undefined,
  adaptiveTarget: number,
  cap: number,
): { target: number; capped: boolean } | undefined {
  if (!anyLimited(limiters)) return undefined;
  const paced = budget?.limitConnections;
  if (paced === undefined) return { target: adaptiveTarget, capped: false };
  return { target: Math.min(cap, Math.max(adaptiveTarget, paced)), capped: paced > cap };
}
