/**
 * Under a rate limit, a download opens only as many connections as the limit can use
 * (docs/transfer-engine.md, "Connections under a rate limit"): each connection must get at least
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
 */

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
 * The most bytes one range request may ask for while a limit is active: CONNECTION_READ_AHEAD_BYTES, so a
 * connection can never have more than that on the wire beyond what the limiter allowed, however far the
 * kernel opens its receive window (Linux 6.18 grew it to 1.2 MB within a second for a reader paced at
 * 1 MB/s, 1.8 MB beyond the limiter in test/download/rate-limit.test.ts). Infinity when none is active.
 * At a share of ≥ 2 MB/s per connection, a segment lasts ≤ 0.4 s: a request per segment, as aria2c's pieces.
 */
export function segmentBytesForLimits(limiters: readonly ByteRateLimiter[]): number {
  return anyLimited(limiters) ? CONNECTION_READ_AHEAD_BYTES : Number.POSITIVE_INFINITY;
}

/** Connections the active limits can use (at least one); Infinity when none is active (rate 0). */
export function connectionsForLimits(limiters: readonly ByteRateLimiter[]): number {
  const lowest = lowestLimit(limiters);
  return Number.isFinite(lowest)
    ? Math.max(1, Math.floor(lowest / LIMITED_BYTES_PER_SECOND_PER_CONNECTION))
    : Number.POSITIVE_INFINITY;
}

type CountingBudget = ConnectionBudget & { readonly inUse: number };

/**
 * A view of `budget` (one download's) that hands out at most connectionsForLimits(limiters) slots at once,
 * first-come first-served. A limit changed mid-download applies at once to new slots; connections already
 * open above a lowered bound finish their segment and give their slot back (segmented-fetch.ts).
 */
export function rateBoundBudget(
  budget: CountingBudget,
  limiters: readonly ByteRateLimiter[],
): CountingBudget {
  return limiters.length === 0
    ? budget
    : new RateBoundBudget(budget, limiters, () => connectionsForLimits(limiters));
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
  return new RateBoundBudget(budget, limiters, () => (anyLimited(limiters) ? 1 : Number.POSITIVE_INFINITY));
}

class RateBoundBudget implements CountingBudget {
  readonly #budget: CountingBudget;
  readonly #limiters: readonly ByteRateLimiter[];
  /** Slots held, or being acquired from the underlying budget, through this view. */
  #held = 0;
  readonly #waiters: SlotWaiter[] = [];
  /** Subscriptions to the limiters' rate changes, only while someone waits (a raised limit frees slots). */
  #unsubscribe: Array<() => void> = [];

  /** How many slots this view hands out at once, now. */
  readonly #bound: () => number;

  constructor(budget: CountingBudget, limiters: readonly ByteRateLimiter[], bound: () => number) {
    this.#budget = budget;
    this.#limiters = limiters;
    this.#bound = bound;
  }

  get available(): number {
    return Math.max(0, Math.min(this.#budget.available, this.#bound() - this.#held));
  }

  get inUse(): number {
    return this.#budget.inUse;
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
