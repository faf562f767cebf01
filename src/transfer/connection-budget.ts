/**
 * Counting semaphore of range connections shared by files and jobs (like undici's pool limit, but across
 * origins and files). Waiters are served first-come first-served. Lowering the limit never interrupts a
 * running connection: slots above the new limit are simply not handed out again when released.
 */
import { HubgetError } from '../errors.js';
import { abortedError } from './rate-limiter.js';
import { nextInLine, type SlotWaiter, waitInLine } from './slot-line.js';
import type { ConnectionBudget } from './types.js';

export function createConnectionBudget(limit: number): ConnectionBudget & { readonly inUse: number } {
  return new SemaphoreConnectionBudget(limit);
}

class SemaphoreConnectionBudget implements ConnectionBudget {
  #limit: number;
  #inUse = 0;
  readonly #waiters: SlotWaiter[] = [];

  constructor(limit: number) {
    this.#limit = validLimit(limit);
  }

  get available(): number {
    return Math.max(0, this.#limit - this.#inUse);
  }

  get inUse(): number {
    return this.#inUse;
  }

  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    if (this.#waiters.length === 0 && this.#inUse < this.#limit) {
      this.#inUse++;
      return Promise.resolve(this.#releaser());
    }
    return waitInLine(this.#waiters, signal);
  }

  setLimit(limit: number): void {
    this.#limit = validLimit(limit);
    this.#dispatch();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inUse--;
      this.#dispatch();
    };
  }

  #dispatch(): void {
    while (this.#inUse < this.#limit) {
      const waiter = nextInLine(this.#waiters);
      if (!waiter) return;
      this.#inUse++;
      waiter.resolve(this.#releaser());
    }
  }
}

function validLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new HubgetError('INVALID_ARGUMENT', `Connection limit must be an integer ≥ 1, got ${limit}`);
  }
  return limit;
}

/**
 * A view of `budget` that counts the slots taken through it: one download's (one job's) open connections
 * when the budget itself is shared by all jobs of the server. Progress events report it (`connections`).
 */
export function countedBudget(budget: ConnectionBudget): ConnectionBudget & { readonly inUse: number } {
  let inUse = 0;
  return {
    get available() {
      return budget.available;
    },
    get inUse() {
      return inUse;
    },
    setLimit: (limit) => budget.setLimit(limit),
    async acquire(signal) {
      const release = await budget.acquire(signal);
      inUse++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inUse--;
        release();
      };
    },
  };
}
