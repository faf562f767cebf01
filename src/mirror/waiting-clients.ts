/**
 * The clients waiting on one pull: requests being answered from it, from the moment they join it until their
 * answer ends (body sent, cut, or the client gone). While there is one, its download job cannot be paused or
 * cancelled (docs/mirror.md, "Pull-through, once"), and a paused one is resumed; with none, the job is the
 * user's like any other (an abandoned multi-GB pull can be stopped). An operator's forced pause or cancel first
 * releases them (`release`): their answers are cut, and they no longer count.
 */
import { Listeners } from '../listeners.js';

/** One client's wait: `ended` says its answer ended (again: nothing); `released` aborts when it is let go. */
export interface ClientWait {
  ended: () => void;
  released: AbortSignal;
}

export class WaitingClients {
  #count = 0;
  /** Aborted by `release`: the signal of the clients waiting until then (a new one for those after). */
  #release = new AbortController();
  readonly #arrivals = new Listeners<[]>();

  get count(): number {
    return this.#count;
  }

  /** A client waits from now on. */
  add(): ClientWait {
    this.#count++;
    this.#arrivals.emit();
    const released = this.#release.signal;
    let ended = false;
    return {
      released,
      ended: () => {
        if (ended) return;
        ended = true;
        // Released, it no longer counts already.
        if (!released.aborted) this.#count--;
      },
    };
  }

  /**
   * Lets every client waiting now go (an operator stops the pull anyway): their `released` signals abort with
   * `reason` (their answers are cut, file-requests.ts) and the count drops to 0 at once, so the job is not resumed
   * for them; clients arriving later wait as before. Returns how many were let go.
   */
  release(reason: Error): number {
    const released = this.#count;
    this.#release.abort(reason);
    this.#release = new AbortController();
    this.#count = 0;
    return released;
  }

  /** Calls `listener` at each client's arrival; returns the function that stops it. */
  onArrival(listener: () => void): () => void {
    return this.#arrivals.add(listener);
  }
}
