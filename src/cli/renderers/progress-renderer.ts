/** A face of the TransferEvent stream (src/progress/events.ts): bars, log lines, NDJSON, or nothing. */
import type { TransferEvent } from '../../progress/index.js';

export interface ProgressRenderer {
  onEvent(event: TransferEvent): void;
  /** Removes bars and timers; called once before the final line (path, error, interruption) is written. */
  stop(): void;
}

/** `--quiet`: only the final path is printed, by the command itself. */
export function createSilentRenderer(): ProgressRenderer {
  return { onEvent() {}, stop() {} };
}
