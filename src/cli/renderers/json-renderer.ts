/**
 * `--json`: every TransferEvent as one JSON line (NDJSON) on stdout, in stream order. The final path is
 * not printed again: the `done` event carries it as `resultPath` (docs/cli.md).
 *
 * The lines of one turn of the event loop go out in one write (at the next `setImmediate`, and at `stop`):
 * a 300-file download emits ≈ 900 events, and stdout to a pipe is a synchronous system call per write.
 */
import type { TransferEvent } from '../../progress/index.js';
import type { ProgressRenderer } from './progress-renderer.js';

export function createJsonRenderer(write: (text: string) => void): ProgressRenderer {
  let pending = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending === '') return;
    const text = pending;
    pending = '';
    write(text);
  };
  return {
    onEvent(event: TransferEvent): void {
      pending += `${JSON.stringify(event)}\n`;
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    // stdout carries only events; the command's own notices are not events.
    notice() {},
    stop() {
      flush();
    },
  };
}
