/**
 * Counting semaphore of range connections shared by files and jobs (like undici's pool limit, but across
 * origins and files). Lowering the limit never interrupts a running connection: slots above the new limit are
 * simply not handed out again when released.
 *
 * Fair share (docs/transfer-rate-limits.md, "Fair share of the budget"): each user of the budget (a download,
 * a job: `countedBudget`) is a holder; callers acquiring on the budget itself are one more. The rule, `owes`:
 * a holder holding at least two slots more than a holder that waits owes it one. So a free slot goes to the
 * waiting holder that holds the fewest (first-come first-served among equals: one holder's callers are
 * served in their order), a holder that owes gives a slot back at its next segment boundary (`contended`),
 * and a holder that others owe may queue for a slot though none is free (`claimable`). A holder that waits
 * for its first slot holding none does not wait for a segment boundary (at a paced connection, many
 * seconds): one holder that owes it promises a slot at once (`claimPromptRelease`), and its file cuts a lane's
 * segment short to give it back. Alone a holder uses every slot; waiting holders end up within one slot of
 * each other.
 */
import { HubgetError } from '../errors.js';
import { ConnectionLine } from './connection-line.js';
import { abortedError } from './rate-limiter.js';
import { nextInLine, type SlotWaiter, waitInLine } from './slot-line.js';
import type { ConnectionBudget } from './types.js';

/** A budget that counts the slots in use (through it, for a view). */
export type CountingBudget = ConnectionBudget & { readonly inUse: number };

/** A budget several downloads share: each takes its slots through its own view (`join`). */
export interface SharedConnectionBudget extends CountingBudget {
  /** A new holder's view: its slots counted (`inUse`), its claims judged by the fair-share rule. */
  join(): CountingBudget;
}

export function createConnectionBudget(limit: number): SharedConnectionBudget {
  return new SemaphoreConnectionBudget(limit);
}

/** One user of a shared budget: the slots it holds and its callers waiting for one. */
class Holder {
  held = 0;
  readonly line: SlotWaiter[] = [];
}

/**
 * The fair-share rule: `holder` owes `claimant` a slot, holding at least two more, once the `claimed` slots
 * the claimant already waits for have moved from the one to the other.
 */
function owes(holder: Holder, claimant: Holder, claimed = 0): boolean {
  return holder.held - claimed >= claimant.held + claimed + 2;
}

class SemaphoreConnectionBudget implements SharedConnectionBudget {
  #limit: number;
  #inUse = 0;
  /** Holders holding or waiting for a slot (others leave the set). */
  readonly #holders = new Set<Holder>();
  /** The callers acquiring on the budget itself. */
  readonly #own = new Holder();
  /** When each waiter joined its line (first-come first-served among holders holding as many). */
  readonly #arrival = new WeakMap<SlotWaiter, number>();
  #arrivals = 0;
  /** Slots promised at once to holders waiting with none (claimPromptRelease), until the next releases. */
  #promised = 0;
  /** The adaptive connection count of every file on this budget (connection-line.ts). */
  readonly line = new ConnectionLine();

  constructor(limit: number) {
    this.#limit = validLimit(limit);
  }

  get available(): number {
    return Math.max(0, this.#limit - this.#inUse);
  }

  get inUse(): number {
    return this.#inUse;
  }

  get contended(): boolean {
    return this.#contended(this.#own);
  }

  acquire(signal?: AbortSignal): Promise<() => void> {
    return this.#acquire(this.#own, signal);
  }

  setLimit(limit: number): void {
    this.#limit = validLimit(limit);
    this.#dispatch();
  }

  join(): CountingBudget {
    const holder = new Holder();
    const budget = this;
    return {
      get available() {
        return budget.available;
      },
      get inUse() {
        return holder.held;
      },
      line: this.line,
      get contended() {
        return budget.#contended(holder);
      },
      get claimable() {
        return budget.#claimable(holder);
      },
      claimPromptRelease: () => this.#claimPromptRelease(holder),
      setLimit: (limit) => this.setLimit(limit),
      acquire: (signal) => this.#acquire(holder, signal),
    };
  }

  #acquire(holder: Holder, signal: AbortSignal | undefined): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    if (this.#inUse < this.#limit && !this.#anyWaiting()) return Promise.resolve(this.#grant(holder));
    this.#holders.add(holder);
    const waiting = waitInLine(holder.line, signal, () => this.#leaveIfIdle(holder));
    this.#arrival.set(holder.line.at(-1)!, this.#arrivals++);
    return waiting;
  }

  /** Another caller waits whom `holder` should give a slot back to: one of its own, or one it owes. */
  #contended(holder: Holder): boolean {
    for (const other of this.#holders) {
      if (other.line.length > 0 && (other === holder || owes(holder, other))) return true;
    }
    return false;
  }

  /** No slot is free, but another holder owes `holder` one (counting the callers it already has waiting). */
  #claimable(holder: Holder): boolean {
    if (this.#inUse < this.#limit) return false;
    for (const other of this.#holders) {
      if (other !== holder && owes(other, holder, holder.line.length)) return true;
    }
    return false;
  }

  /**
   * A holder holding no slot waits and `holder` owes it one, and fewer slots are promised at once than such
   * holders wait: `holder` promises one (its caller gives a slot back now; any release keeps the promise).
   */
  #claimPromptRelease(holder: Holder): boolean {
    let starving = 0;
    for (const other of this.#holders) {
      if (other !== holder && other.held === 0 && other.line.length > 0 && owes(holder, other)) starving++;
    }
    if (starving <= this.#promised) return false;
    this.#promised++;
    return true;
  }

  #anyWaiting(): boolean {
    for (const holder of this.#holders) if (holder.line.length > 0) return true;
    return false;
  }

  #grant(holder: Holder): () => void {
    this.#inUse++;
    holder.held++;
    this.#holders.add(holder);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inUse--;
      holder.held--;
      // The slot goes to the waiting holder holding the fewest (#dispatch): a promise is kept.
      if (this.#promised > 0) this.#promised--;
      this.#leaveIfIdle(holder);
      this.#dispatch();
    };
  }

  #leaveIfIdle(holder: Holder): void {
    if (holder.held === 0 && holder.line.length === 0) this.#holders.delete(holder);
  }

  /** Free slots go to the waiting holder holding the fewest, the longest waiting of equals. */
  #dispatch(): void {
    while (this.#inUse < this.#limit) {
      let next: Holder | undefined;
      for (const holder of this.#holders) {
        if (holder.line.length === 0) continue;
        if (
          !next ||
          holder.held < next.held ||
          (holder.held === next.held && this.#waitedLonger(holder, next))
        ) {
          next = holder;
        }
      }
      if (!next) return;
      const waiter = nextInLine(next.line)!;
      waiter.resolve(this.#grant(next));
    }
  }

  #waitedLonger(a: Holder, b: Holder): boolean {
    return (this.#arrival.get(a.line[0]!) ?? 0) < (this.#arrival.get(b.line[0]!) ?? 0);
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
 * On a budget made by createConnectionBudget the view is a holder of its own, under the fair-share rule.
 */
export function countedBudget(budget: ConnectionBudget): CountingBudget {
  if (isShared(budget)) return budget.join();
  let inUse = 0;
  return {
    get available() {
      return budget.available;
    },
    get inUse() {
      return inUse;
    },
    get contended() {
      return budget.contended;
    },
    line: budget.line,
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

function isShared(budget: ConnectionBudget): budget is SharedConnectionBudget {
  return budget instanceof SemaphoreConnectionBudget;
}
