/**
 * Non-TTY progress (CI logs, `docker logs`, pipes): one line every few seconds instead of redrawn bars, plus
 * a notice line for connections re-opened (the first of each kind per file, reconnect-notices.ts) — the log
 * lines of the original Model Manager. Every line says something new: the first progress line comes an
 * interval after the plan line (which already gave the totals, so `0% … ETA —` would only repeat it), and a
 * download with nothing to fetch or copy has none (`100% … 0 B/s` before `everything was already present`).
 * A file's wait for the Hub is said once when it begins (reconnect-notices.ts), then counted down at the end of
 * each progress line while it runs (`| a.bin waits 3 min 12 s for the Hub (429)`): so a wait of minutes shows
 * life at the same cadence, and why the speed reads 0 B/s.
 */
import type { TransferEvent } from '../../progress/index.js';
import { BarWaits } from './bar-waits.js';
import { doneLine, noticeLine, planLines, progressLine } from './event-lines.js';
import type { ProgressRenderer } from './progress-renderer.js';
import { ReconnectNotices } from './reconnect-notices.js';

export interface LogRendererOptions {
  /** Writes one line (without newline). */
  writeLine: (line: string) => void;
  /** Minimum time between two progress lines, and between the plan and the first. Default 5000. */
  intervalMs?: number;
  now?: () => number;
}

export function createLogRenderer(options: LogRendererOptions): ProgressRenderer {
  const intervalMs = options.intervalMs ?? 5000;
  const now = options.now ?? Date.now;
  let lastLineAtMs: number | undefined;
  let planAtMs: number | undefined;
  let nothingToDo = false;
  const reconnects = new ReconnectNotices();
  /** Each file's wait for the Hub, said in the progress lines while it runs (a wait of minutes is not silent). */
  const waits = new BarWaits(now);
  return {
    onEvent(event: TransferEvent): void {
      if (event.type === 'plan') {
        planAtMs = now();
        lastLineAtMs = planAtMs;
        nothingToDo = event.filesPresent === event.filesTotal;
        for (const line of planLines(event)) options.writeLine(line);
      } else if (event.type === 'progress') {
        if (nothingToDo) return;
        waits.progress(event.activeFiles);
        const at = now();
        if (lastLineAtMs === undefined || at - lastLineAtMs >= intervalMs) {
          lastLineAtMs = at;
          options.writeLine(progressLine(event, waits.lines()));
        }
      } else if (event.type === 'done') {
        options.writeLine(
          doneLine(event, {
            reconnects: reconnects.count,
            ...(planAtMs !== undefined && { sincePlanMs: now() - planAtMs }),
          }),
        );
      } else {
        if (event.type === 'retry') waits.note(event);
        if (event.type === 'file-done' || event.type === 'file-failed') waits.drop(event.path);
        const notice = reconnects.lineFor(event) ?? noticeLine(event);
        if (notice !== null) options.writeLine(notice);
      }
    },
    notice(line: string): void {
      options.writeLine(line);
    },
    stop() {},
  };
}
