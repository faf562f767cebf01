/**
 * The clients waiting on one pull: requests being answered from it, from the moment they join it until their
 * answer ends (body sent, cut, or the client gone). While there is one, its download job cannot be paused or
 * cancelled (docs/mirror.md, "Pull-through, once"), and a paused one is resumed; with none, the job is the
 * user's like any other (an abandoned multi-GB pull can be stopped).
 */
import { Listeners } from '../listeners.js';

export class WaitingClients {
  #count = 0;
  readonly #arrivals = new Listeners<[]>();

  get count(): number {
    return this.#count;
  }

  /** A client waits from now on; the function returned says its answer ended (calling it again does nothing). */
  add(): () => void {
    this.#count++;
    this.#arrivals.emit();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#count--;
    };
  }

  /** Calls `listener` at each client's arrival; returns the function that stops it. */
  onArrival(listener: () => void): () => void {
    return this.#arrivals.add(listener);
  }
}
