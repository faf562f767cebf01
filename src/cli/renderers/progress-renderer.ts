/** A face of the TransferEvent stream (src/progress/events.ts): bars, log lines, NDJSON, or nothing. */
import type { TransferEvent } from '../../progress/index.js';

export interface ProgressRenderer {
  onEvent(event: TransferEvent): void;
  /** A line about the command rather than an event (the listing's wait and retries: listing-notices.ts). */
  notice(line: string): void;
  /** Removes bars and timers; called once before the final line (path, error, interruption) is written. */
  stop(): void;
}

/**
 * No progress: `--quiet` (only the final path is printed, by the command itself; `notice` left out) and
 * `--dry-run` (its table goes to stdout; notices, when given, to stderr).
 */
export function createSilentRenderer(notice: (line: string) => void = () => {}): ProgressRenderer {
  return { onEvent() {}, notice, stop() {} };
}
