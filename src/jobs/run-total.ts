/**
 * A count of a job over all its runs (the bytes it fetched, those another download fetched for it, the time
 * it spent fetching): the stored total of the runs before this one, plus the engine's count for this run,
 * which only grows (its `progress` events, then `done`, read one counter). The earlier total is null for a job stored before the
 * count was recorded, and so is the sum then: not recorded is not zero.
 */
export class RunTotal {
  #beforeRun: number | null;
  #run = 0;

  constructor(stored: number | null) {
    this.#beforeRun = stored;
  }

  /** A new run starts from 0; what the runs so far counted becomes the earlier total. */
  beginRun(): void {
    this.#beforeRun = this.total();
    this.#run = 0;
  }

  /** Adds to the earlier runs' total what they counted but did not store (crash-fetched.ts); not when not recorded. */
  addEarlier(count: number): void {
    if (this.#beforeRun !== null) this.#beforeRun += count;
  }

  /** The engine's count for this run now; returns how much it grew (0 for a reading below the last). */
  note(count: number): number {
    if (count <= this.#run) return 0;
    const grew = count - this.#run;
    this.#run = count;
    return grew;
  }

  /** All runs together; null when the runs before this one were not recorded. */
  total(): number | null {
    return this.#beforeRun === null ? null : this.#beforeRun + this.#run;
  }
}
