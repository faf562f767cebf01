/**
 * The listeners of one kind of event (job events, network samples, written ranges, a rate change …), defined
 * once for every emitter in the engine and the server. An emit reaches each listener added before it began
 * (one added or removed by a listener during the emit does not change that round); a listener that throws
 * stops neither the others nor the emitter: its error goes to `onError` (the emitter's log), if given.
 */
export type Listener<Args extends unknown[]> = (...args: Args) => void;

export class Listeners<Args extends unknown[]> {
  readonly #entries = new Set<Listener<Args>>();
  readonly #onError: ((error: unknown) => void) | undefined;

  constructor(onError?: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Adds `listener` (the same function added twice is called twice); returns the function that removes it. */
  add(listener: Listener<Args>): () => void {
    const entry: Listener<Args> = (...args) => listener(...args);
    this.#entries.add(entry);
    return () => {
      this.#entries.delete(entry);
    };
  }

  emit(...args: Args): void {
    if (this.#entries.size === 0) return;
    for (const entry of [...this.#entries]) {
      try {
        entry(...args);
      } catch (error) {
        this.#onError?.(error);
      }
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }
}
