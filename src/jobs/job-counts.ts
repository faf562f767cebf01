/**
 * The counts a job keeps over all its runs and stores (docs/job-events.md): what it fetched
 * over the network, what another download fetched for it, what it copied from the HF cache, how long it
 * was fetching, and how long it waited for the Hub apart from that. Each is the engine's own count for the run (its `progress` events, then `done`: one counter
 * each), added to the stored total of the runs before (RunTotal); null when those were not recorded.
 */
import type { TransferEvent } from '../progress/events.js';
import { RunTotal } from './run-total.js';

/** The job's counts, all runs together (JobView and the store spell them the same). */
export interface JobCounts {
  /** Bytes fetched over the network (`progress.fetchedBytes`, then `done.downloadedBytes`), not `downloaded`. */
  fetchedBytes: number | null;
  /** Bytes another download fetched for the job (`progress.otherRunBytes`, then `done.otherRunBytes`). */
  otherRunBytes: number | null;
  /** Bytes copied from the HF cache's blobs, local-dir mode (`progress.copiedBytes`, then `done.copiedBytes`). */
  copiedBytes: number | null;
  /**
   * Of copiedBytes, those hard-linked from another repo's folder in the HF cache, which take no room (a fork's weights:
   * docs/cache-hard-links.md; `progress.linkedBytes`, then `done.linkedBytes`): the History says "linked".
   */
  linkedBytes: number | null;
  /** Milliseconds spent fetching over the network (`progress.fetchingMs`, then `done.fetchingMs`). */
  fetchingMs: number | null;
  /**
   * Milliseconds in which every file fetched waited for the Hub (`progress.hubWaitedMs`, then `done.hubWaitedMs`):
   * not in `fetchingMs`; the History says it in the CLI summary's words (`waited 3 min 37 s for the Hub`).
   */
  hubWaitedMs: number | null;
}

type CountingEvent = Extract<TransferEvent, { type: 'progress' | 'done' }>;

export class JobRunCounts {
  readonly #fetched: RunTotal;
  readonly #otherRun: RunTotal;
  readonly #copied: RunTotal;
  readonly #linked: RunTotal;
  readonly #fetching: RunTotal;
  readonly #hubWaited: RunTotal;

  constructor(stored: JobCounts) {
    this.#fetched = new RunTotal(stored.fetchedBytes);
    this.#otherRun = new RunTotal(stored.otherRunBytes);
    this.#copied = new RunTotal(stored.copiedBytes);
    this.#linked = new RunTotal(stored.linkedBytes);
    this.#fetching = new RunTotal(stored.fetchingMs);
    this.#hubWaited = new RunTotal(stored.hubWaitedMs);
  }

  /** A new run starts from 0 on every count. */
  beginRun(): void {
    for (const count of [
      this.#fetched,
      this.#otherRun,
      this.#copied,
      this.#linked,
      this.#fetching,
      this.#hubWaited,
    ]) {
      count.beginRun();
    }
  }

  /** The engine's counts for this run now; returns how much the fetched bytes grew. */
  note(event: CountingEvent): number {
    const done = event.type === 'done';
    this.#otherRun.note(event.otherRunBytes ?? 0);
    this.#copied.note(event.copiedBytes ?? 0);
    this.#linked.note(event.linkedBytes ?? 0);
    this.#fetching.note(event.fetchingMs);
    this.#hubWaited.note(event.hubWaitedMs ?? 0);
    return this.#fetched.note(done ? event.downloadedBytes : event.fetchedBytes);
  }

  /** Bytes a run killed with the server fetched after its last stored count (crash-fetched.ts). */
  addFetchedBeforeCrash(bytes: number): void {
    this.#fetched.addEarlier(bytes);
  }

  /** All runs together. */
  totals(): JobCounts {
    return {
      fetchedBytes: this.#fetched.total(),
      otherRunBytes: this.#otherRun.total(),
      copiedBytes: this.#copied.total(),
      linkedBytes: this.#linked.total(),
      fetchingMs: this.#fetching.total(),
      hubWaitedMs: this.#hubWaited.total(),
    };
  }
}
