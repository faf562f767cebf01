/**
 * When a file waits before a retry, one rule for the engine and every face: a wait of one of its connections runs (a
 * `retry` event's delay: a wait for the Hub, a dropped connection's backoff) and none of its connections is open (in
 * a request, fetching). A file's connections retry on their own: while another of them still fetches, the file is
 * fetching, not waiting. Before, one connection's `503` made the whole file wait until a byte arrived (its other
 * connections silent at that moment too): its bar said `waits 1 s for the Hub (503)`, the job listed the wait, the
 * run counted the time as waited and left it out of its speed, while three connections were receiving.
 *
 * The engine reads each file's connections open (src/transfer/retry-wait-time.ts); the faces are told them: the
 * `retry` event's `connectionsOpen` (the file's connections still open as this one starts its wait), then each
 * `progress` event's `activeFiles[].connections` (OpenConnections, below).
 */
import type { FileProgress, TransferEvent } from './events.js';

/** A file with a wait running and `open` connections in a request waits only while none is. */
export function fileWaits(waitRuns: boolean, open: number): boolean {
  return waitRuns && open === 0;
}

/** Each file's connections open as the events last told them, for a face that says a file's wait (fileWaits). */
export class OpenConnections {
  readonly #byPath = new Map<string, number>();

  /** A `retry` event: the connections of its file still open as this one waits. */
  retry(event: Extract<TransferEvent, { type: 'retry' }>): void {
    if (event.connectionsOpen !== undefined) this.#byPath.set(event.path, event.connectionsOpen);
  }

  /** A `progress` event's files, each with its connections open. */
  progress(files: readonly Pick<FileProgress, 'path' | 'connections'>[]): void {
    for (const { path, connections } of files)
      if (connections !== undefined) this.#byPath.set(path, connections);
  }

  drop(path: string): void {
    this.#byPath.delete(path);
  }

  /** Whether the file waits with a wait running (`waitRuns`): none of its connections open as last told (none told: none). */
  waits(path: string, waitRuns: boolean): boolean {
    return fileWaits(waitRuns, this.#byPath.get(path) ?? 0);
  }
}
