/**
 * Token bucket in bytes/s, shared by every transfer it is handed to (global limit, per-job limit).
 * Waiters are served first-come first-served, so connections sharing a limiter get about equal turns.
 * The bucket holds `burstMs` worth of tokens (small, so a limit is felt within a fraction of a second);
 * a request larger than the bucket is granted when the bucket is full and leaves it in debt, which later
 * waiters pay off, so the long-run rate stays exact whatever the chunk size.
 */
import { HubgetError } from '../errors.js';
import { Listeners } from '../listeners.js';
import type { ByteRateLimiter } from './types.js';

/** The bucket: 200 ms of the rate, so a limit is felt within a fraction of a second. */
export const DEFAULT_BURST_MS = 200;

export interface RateLimiterOptions {
  /** Bucket size in milliseconds of the rate. Default DEFAULT_BURST_MS. */
  burstMs?: number;
  /** Clock in ms (injectable for tests). Default Date.now. */
  now?: () => number;
}

interface Waiter {
  bytes: number;
  resolve: (held: boolean) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export function createRateLimiter(bytesPerSecond: number, options: RateLimiterOptions = {}): ByteRateLimiter {
  return new TokenBucketRateLimiter(bytesPerSecond, options);
}

class TokenBucketRateLimiter implements ByteRateLimiter {
  #bytesPerSecond: number;
  readonly #burstMs: number;
  readonly #now: () => number;
  #tokens: number;
  #lastRefillMs: number;
  readonly #waiters: Waiter[] = [];
  readonly #listeners = new Listeners<[]>();
  #timer: NodeJS.Timeout | undefined;
  /** The waiter `take` is queueing: granted by that same call, it was not held back. */
  #taking: Waiter | undefined;

  constructor(bytesPerSecond: number, options: RateLimiterOptions) {
    this.#bytesPerSecond = validRate(bytesPerSecond);
    this.#burstMs = options.burstMs ?? DEFAULT_BURST_MS;
    this.#now = options.now ?? Date.now;
    this.#lastRefillMs = this.#now();
    this.#tokens = this.#capacity();
  }

  get bytesPerSecond(): number {
    return this.#bytesPerSecond;
  }

  take(bytes: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    if (this.#bytesPerSecond === 0 || bytes <= 0) return Promise.resolve(false);
    return new Promise<boolean>((resolve, reject) => {
      const waiter: Waiter = { bytes, resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) this.#waiters.splice(index, 1);
          reject(abortedError(signal));
          this.#pump();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#waiters.push(waiter);
      this.#taking = waiter;
      this.#pump();
      this.#taking = undefined;
    });
  }

  setRate(bytesPerSecond: number): void {
    this.#refill();
    const previous = this.#bytesPerSecond;
    this.#bytesPerSecond = validRate(bytesPerSecond);
    // Tokens saved at the old rate must not become a burst at the new one.
    this.#tokens = Math.min(this.#tokens, this.#capacity());
    this.#pump();
    if (this.#bytesPerSecond !== previous) this.#listeners.emit();
  }

  onRateChange(listener: () => void): () => void {
    return this.#listeners.add(listener);
  }

  #capacity(): number {
    return Math.max(1, (this.#bytesPerSecond * this.#burstMs) / 1000);
  }

  #refill(): void {
    const nowMs = this.#now();
    const elapsedMs = Math.max(0, nowMs - this.#lastRefillMs);
    this.#lastRefillMs = nowMs;
    if (this.#bytesPerSecond === 0) return;
    this.#tokens = Math.min(this.#capacity(), this.#tokens + (elapsedMs * this.#bytesPerSecond) / 1000);
  }

  #pump(): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#refill();
    for (;;) {
      const head = this.#waiters[0];
      if (!head) return;
      if (this.#bytesPerSecond === 0) {
        this.#grant(head);
        continue;
      }
      // A chunk bigger than the bucket is granted once the bucket is full (it then goes into debt).
      const needed = Math.min(head.bytes, this.#capacity());
      if (this.#tokens + 1e-9 >= needed) {
        this.#tokens -= head.bytes;
        this.#grant(head);
        continue;
      }
      const waitMs = Math.max(1, Math.ceil(((needed - this.#tokens) * 1000) / this.#bytesPerSecond));
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#pump();
      }, waitMs);
      return;
    }
  }

  #grant(waiter: Waiter): void {
    this.#waiters.shift();
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
    waiter.resolve(waiter !== this.#taking);
  }
}

function validRate(bytesPerSecond: number): number {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < 0) {
    throw new HubgetError('INVALID_ARGUMENT', `Rate limit must be ≥ 0 bytes/s, got ${bytesPerSecond}`);
  }
  return bytesPerSecond;
}

/** True when any of `limiters` has a rate (0 means unlimited); a plain loop: it runs for every chunk. */
export function anyLimited(limiters: readonly ByteRateLimiter[]): boolean {
  for (const limiter of limiters) if (limiter.bytesPerSecond > 0) return true;
  return false;
}

/** The smallest piece a limited download pays for and writes at once (pacedPieceBytes). */
export const MIN_PACED_PIECE_BYTES = 256;

/**
 * How many bytes of a received chunk a limited download pays for, then writes, at a time: the bucket of the lowest
 * limit in force (DEFAULT_BURST_MS of it), at least MIN_PACED_PIECE_BYTES; Infinity (the whole chunk) when none is.
 * A 64 KiB chunk paid for whole at 2 kB/s is on disk at once and then 32 s of silence: the progress and the speed
 * jumped, and the job read "No data" and stalled; in pieces its bytes reach the disk at the limit's pace.
 */
export function pacedPieceBytes(limiters: readonly ByteRateLimiter[]): number {
  const lowest = lowestLimit(limiters);
  return Math.max(MIN_PACED_PIECE_BYTES, Math.floor((lowest * DEFAULT_BURST_MS) / 1000));
}

/** The lowest rate of `limiters` in force (0 means unlimited); Infinity when none is. */
export function lowestLimit(limiters: readonly ByteRateLimiter[]): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (const limiter of limiters)
    if (limiter.bytesPerSecond > 0) lowest = Math.min(lowest, limiter.bytesPerSecond);
  return lowest;
}

export function abortedError(signal?: AbortSignal): HubgetError {
  const reason: unknown = signal?.reason;
  if (reason instanceof HubgetError) return reason;
  return new HubgetError('ABORTED', 'The operation was aborted', { cause: reason });
}
