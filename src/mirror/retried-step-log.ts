/**
 * The server log's lines about a step the mirror tries again at each request for a file until it succeeds (a paused
 * pull's verified file moved into place, then its job completed: paused-placing.ts). A client that asks every second
 * must not flood the log with one warning a try: the first failure of a file's step is a warning, a repeat with the
 * same cause a debug line (one with another cause is a warning again: something changed), and the success after
 * failures one info line. Each line has the try's number (`try`).
 */

/** A line for the server log (its pino logger's `warn`, `info` or `debug`): what happened, and the details. */
export type MirrorLog = (message: string, details: object) => void;

/** Where the lines go: the server log's levels (each optional: a level not given is not logged). */
export interface MirrorLogs {
  warn?: MirrorLog;
  info?: MirrorLog;
  debug?: MirrorLog;
}

export class RetriedStepLog<Key extends object> {
  readonly #logs: MirrorLogs;
  /** Per key (a file's pull), the failed tries so far and the cause of the last one. */
  readonly #failed = new WeakMap<Key, { tries: number; cause: string }>();

  constructor(logs: MirrorLogs) {
    this.#logs = logs;
  }

  /** The number the next try of `key`'s step has (1 for the first). */
  nextTry(key: Key): number {
    return (this.#failed.get(key)?.tries ?? 0) + 1;
  }

  /**
   * A try of `key`'s step failed with `cause`: `message` (which says the cause) as a warning the first time and when
   * the cause changed, else as a debug line.
   */
  failed(key: Key, cause: string, message: string, details: object): void {
    const before = this.#failed.get(key);
    const tries = (before?.tries ?? 0) + 1;
    this.#failed.set(key, { tries, cause });
    const log = before?.cause === cause ? this.#logs.debug : this.#logs.warn;
    log?.(message, { ...details, try: tries });
  }

  /**
   * A try of `key`'s step succeeded: `message(tries)` as one info line when tries failed before it, and nothing when
   * the first try did (nothing went wrong to report).
   */
  succeeded(key: Key, message: (tries: number) => string, details: object): void {
    const before = this.#failed.get(key);
    if (before === undefined) return;
    this.#failed.delete(key);
    const tries = before.tries + 1;
    this.#logs.info?.(message(tries), { ...details, try: tries });
  }
}
