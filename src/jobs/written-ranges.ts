/**
 * Fan-out of the ranges jobs write into their temp files (TransferFileOptions.onRangeWritten) to whoever
 * reads a file while it downloads in this process (the mirror serving a blob it pulls, in-flight-blob.ts).
 * Given to the jobs service only when something will listen, so other servers pay nothing per chunk.
 */
import { Listeners } from '../listeners.js';
import type { RangeWrittenListener, TempRestartListener } from '../transfer/types.js';

export class WrittenRanges {
  readonly #listeners = new Listeners<Parameters<RangeWrittenListener>>();
  readonly #restartListeners = new Listeners<Parameters<TempRestartListener>>();

  /** The observer a run passes to the engine. */
  readonly notify: RangeWrittenListener = (tempPath, start, end) =>
    this.#listeners.emit(tempPath, start, end);

  /** The restart observer a run passes to the engine (TransferFileOptions.onTempRestart). */
  readonly notifyRestart: TempRestartListener = (tempPath, why) => this.#restartListeners.emit(tempPath, why);

  /** Calls `listener` for every range written from now on; returns the function that stops it. */
  observe(listener: RangeWrittenListener): () => void {
    return this.#listeners.add(listener);
  }

  /** Calls `listener` whenever a temp file is emptied to be written again; returns the function that stops it. */
  observeRestarts(listener: TempRestartListener): () => void {
    return this.#restartListeners.add(listener);
  }
}
