/**
 * `--json`: every TransferEvent as one JSON line (NDJSON) on stdout, in stream order. The final path is
 * not printed again: the `done` event carries it as `resultPath` (docs/cli.md).
 */
import type { TransferEvent } from '../../progress/index.js';
import type { ProgressRenderer } from './progress-renderer.js';

export function createJsonRenderer(write: (text: string) => void): ProgressRenderer {
  return {
    onEvent(event: TransferEvent): void {
      write(`${JSON.stringify(event)}\n`);
    },
    // stdout carries only events; the command's own notices are not events.
    notice() {},
    stop() {},
  };
}
