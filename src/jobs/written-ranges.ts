/**
 * Fan-out of the ranges jobs write into their temp files (TransferFileOptions.onRangeWritten) to whoever
 * reads a file while it downloads in this process (the mirror serving a blob it pulls, in-flight-blob.ts).
 * Given to the jobs service only when something will listen, so other servers pay nothing per chunk.
 */
import { Listeners } from '../listeners.js';
import type { RangeWrittenListener } from '../transfer/types.js';

export class WrittenRanges {
  readonly #listeners = new Listeners<Parameters<RangeWrittenListener>>();

  /** The observer a run passes to the engine. */
  readonly notify: RangeWrittenListener = (tempPath, start, end) =>
    this.#listeners.emit(tempPath, start, end);

  /** Calls `listener` for every range written from now on; returns the function that stops it. */
  observe(listener: RangeWrittenListener): () => void {
    return this.#listeners.add(listener);
  }
}
