/**
 * A download run's waits before a retry, as its ProgressTracker keeps them: one rule (retry-wait-time.ts) applied
 * twice over the same files, to every retry (the time left out of the fetching time, the ETA's waits) and to the
 * waits for the Hub alone (`hubWaitedMs`). A file waits only while none of its connections is open
 * (src/progress/file-waiting.ts), so its waiting begins and ends as they open and close: the tracker is told when
 * they do (`connectionsChanged`, from the file's segmented fetch), when bytes arrive, and looks again as each event
 * is built.
 */
import type { WaitAhead } from '../progress/eta.js';
import type { TransferEvent } from '../progress/events.js';
import { hubWaitStatus } from '../progress/hub-wait.js';
import { RetryWaitTime } from './retry-wait-time.js';

export class RunRetryWaits {
  readonly #all: RetryWaitTime;
  readonly #hub: RetryWaitTime;

  /** `fetching`: the files the run fetches now; `open`: how many of a file's connections are in a request now. */
  constructor(fetching: ReadonlySet<string>, open: (path: string) => number) {
    this.#all = new RetryWaitTime(fetching, open, () => true);
    this.#hub = new RetryWaitTime(fetching, open, (event) => hubWaitStatus(event) !== undefined);
  }

  /** A `retry` event: one of its file's connections waits its delay. */
  note(event: Extract<TransferEvent, { type: 'retry' }>, now: number): void {
    this.#all.note(event, now);
    this.#hub.note(event, now);
  }

  /** The file's fetch ended: its waits are over. */
  end(path: string, now: number): void {
    this.#all.end(path, now);
    this.#hub.end(path, now);
  }

  /** `apply` changes the files fetched at `now`: both follow the one set, the first change applies it. */
  changeFetching(now: number, apply: () => void): void {
    this.#all.change(now, apply);
    this.#hub.change(now);
  }

  /**
   * The file's connections opened or closed (a lane took its slot or ended, went into a retry's wait or out of it):
   * while one of its connections waits, the file's waiting begins or ends now, not at the next event's look.
   */
  connectionsChanged(path: string, now: number): void {
    if (this.#all.has(path)) this.relook(now);
  }

  /** Bytes of the file arrived: one of its connections is open (retry-wait-time.ts bytesArrived). */
  bytesArrived(path: string, now: number): void {
    if (!this.#all.has(path)) return;
    this.#all.bytesArrived(now);
    this.#hub.bytesArrived(now);
  }

  /** A fresh look at the files' connections, as an event is built. */
  relook(now: number): void {
    this.#all.relook(now);
    this.#hub.relook(now);
  }

  /** The time every file fetched waited before a retry, up to `now`: not fetching time. */
  waitedMs(now: number): number {
    return this.#all.waitedMs(now);
  }

  /** Of that, the time they waited for the Hub (the `done` event's `hubWaitedMs`). */
  hubWaitedMs(now: number): number {
    return this.#hub.waitedMs(now);
  }

  /** Each waiting file's wait left, of either kind, for the ETA (eta.ts etaAfterWaits). */
  ahead(now: number, lacks: (path: string) => number): Iterable<WaitAhead> {
    return this.#all.ahead(now, lacks);
  }
}
