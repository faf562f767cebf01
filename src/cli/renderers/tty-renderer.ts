/**
 * Terminal bars (cli-progress MultiBar on stderr): one total bar, one bar per active file (removed when the
 * file finishes) and per file another download is fetching for this one (`waitingFiles`: marked
 * `other download`, shown from the start), and notices (connections re-opened: reconnect-notices.ts) printed above the bars, wrapped to
 * the width, as the summary left when the bars are cleared. A file whose request waits for the Hub (a `429`, a
 * `5xx` backoff) has its bar from the wait's start, saying it and counting down (bar-waits.ts). A resized terminal gets the bars drawn again at its new width (redraw-on-resize.ts).
 */
import cliProgress from 'cli-progress';
import { shownConnectionsReason } from '../../format/connections-label.js';
import { printableLine } from '../../format/printable.js';
import { downloadVerifying, isVerifying, type TransferEvent } from '../../progress/index.js';
import { type BarContent, type BarLayout, chooseBarLayout } from './bar-layout.js';
import { type BarLineInput, formatBarLine, widestLabelWidth } from './bar-line.js';
import { BarWaits } from './bar-waits.js';
import { doneLine, noticeLine, planLines } from './event-lines.js';
import type { ProgressRenderer } from './progress-renderer.js';
import { ReconnectNotices } from './reconnect-notices.js';
import { ERASE_TO_END_OF_SCREEN, redrawOnResize } from './redraw-on-resize.js';
import { usableColumns } from './terminal-width.js';
import { wrapLine } from './wrap-line.js';

export interface TtyRendererOptions {
  /** A TTY stream (process.stderr). */
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Redraws per second. Default 10. */
  fps?: number;
  /** File bars shown at once; more active files are summed in the total only. Default 8. */
  maxFileBars?: number;
  /** Clock of the summary's fetch time. Default Date.now. */
  now?: () => number;
}

/**
 * A bar's payload; a file's `path`, its label (bar-line.ts fileLabel), and its bar says the file's wait for the
 * Hub while it runs (bar-waits.ts).
 */
type Payload = Omit<BarLineInput, 'done' | 'total' | 'waiting'>;

const ERASE_LINE = '\u001b[2K';
/** The terminal's auto-wrap (DECAWM), which cli-progress turns off while it draws the bars. */
const AUTO_WRAP_ON = '\u001b[?7h';
const AUTO_WRAP_OFF = '\u001b[?7l';
const TOTAL_LABEL = 'Total';

export function createTtyRenderer(options: TtyRendererOptions): ProgressRenderer {
  const maxFileBars = options.maxFileBars ?? 8;
  const now = options.now ?? Date.now;
  const waits = new BarWaits(now);
  const multiBar = new cliProgress.MultiBar({
    stream: options.stream,
    fps: options.fps ?? 10,
    hideCursor: true,
    clearOnComplete: true,
    // hubget handles SIGINT itself (abort, keep temp files); cli-progress must not install a handler.
    gracefulExit: false,
    // Every bar in every frame: a notice printed above moves the bars down a row, and a bar whose text did
    // not change would stay where it was (the total overwritten by the notice); a resize redraws them all.
    forceRedraw: true,
    // One layout for all bars, from the terminal's width and the plan (bar-layout.ts): stable across frames.
    // Each row is erased whole before its bar is drawn (for the row count after a resize: redraw-on-resize.ts).
    format: (_options, params, payload: Payload) => {
      const path = payload.path;
      const words = path === undefined ? undefined : waits.words(path);
      const waiting =
        path === undefined || words === undefined
          ? undefined
          : (short: boolean) => (short ? (waits.words(path, true) ?? words) : words);
      const input = { ...payload, done: params.value, total: params.total, waiting };
      return `${ERASE_LINE}${formatBarLine(input, layoutFor(params.maxWidth))}`;
    },
  });
  const stopRedrawingOnResize = redrawOnResize(multiBar, options.stream);
  let content: BarContent = { longestLabel: 0, largestTotal: 0 };
  // Chosen again only when the terminal's width or the plan's content changes, not for every bar and frame.
  let layout: { columns: number | undefined; content: BarContent; value: BarLayout } | undefined;
  const layoutFor = (columns: number | undefined): BarLayout => {
    if (layout === undefined || layout.columns !== columns || layout.content !== content) {
      layout = { columns, content, value: chooseBarLayout(columns, content) };
    }
    return layout.value;
  };
  let totalBar: cliProgress.SingleBar | undefined;
  const fileBars = new Map<string, cliProgress.SingleBar>();
  let stopped = false;
  let finished: Extract<TransferEvent, { type: 'done' }> | undefined;
  const reconnects = new ReconnectNotices();
  /** Each planned file's size and its bytes on disk as last reported, for a bar made at a wait's start. */
  const sizes = new Map<string, number>();
  const downloadedOf = new Map<string, number>();
  let planAtMs: number | undefined;
  let sincePlanMs: number | undefined;

  // Broken at spaces to the width; a word longer than a line (a path, a URL) whole on a line of its own, which
  // the terminal wraps, so it copies as one line (wrap-words.ts). cli-progress turns auto-wrap off while the bars
  // are drawn (the terminal would cut that word at its edge): it is turned on around the logged lines, and off
  // again for the bars. The rows the lines go over are erased first, so no bar text shows through.
  // Before the first bar (the listing's notices) nothing is drawn: the lines go out at once.
  const log = (line: string): void => {
    const lines = wrapLine(printableLine(line), usableColumns(options.stream.columns));
    const text = lines.map((part) => `${part}\n`).join('');
    if (totalBar === undefined) options.stream.write(text);
    else multiBar.log(`${ERASE_TO_END_OF_SCREEN}${AUTO_WRAP_ON}${text}${AUTO_WRAP_OFF}`);
  };

  const fileBar = (path: string, size: number, downloaded: number): cliProgress.SingleBar | undefined => {
    const existing = fileBars.get(path);
    if (existing) return existing;
    if (fileBars.size >= maxFileBars) return undefined;
    const payload: Payload = { path, bytesPerSecond: 0, etaSeconds: null };
    const bar = multiBar.create(size, downloaded, payload);
    fileBars.set(path, bar);
    return bar;
  };

  const removeFileBar = (path: string): void => {
    const bar = fileBars.get(path);
    if (!bar) return;
    fileBars.delete(path);
    multiBar.remove(bar);
  };

  return {
    onEvent(event: TransferEvent): void {
      if (stopped) return;
      switch (event.type) {
        case 'plan': {
          planAtMs = now();
          for (const file of event.files) sizes.set(file.path, file.size);
          for (const line of planLines(event)) log(line);
          const total: Payload = {
            label: TOTAL_LABEL,
            files: { done: event.filesPresent, total: event.filesTotal },
            bytesPerSecond: 0,
            etaSeconds: null,
          };
          content = {
            longestLabel: event.files.reduce(
              (widest, file) =>
                file.present ? widest : Math.max(widest, widestLabelWidth({ path: file.path })),
              widestLabelWidth(total),
            ),
            largestTotal: event.totalBytes,
          };
          totalBar = multiBar.create(event.totalBytes, event.presentBytes, total);
          break;
        }
        case 'file-start':
          // A started file may still wait for a connection slot; its bar appears with its first connection or
          // its first bytes (below), so the screen shows what is fetched. Resumed files show at once.
          if (event.resumedBytes > 0) fileBar(event.path, event.size, event.resumedBytes);
          break;
        case 'progress': {
          totalBar?.setTotal(event.total);
          totalBar?.update(event.downloaded, {
            bytesPerSecond: event.bytesPerSecond,
            etaSeconds: event.etaSeconds,
            files: { done: event.filesDone, total: event.filesTotal },
            verifying: downloadVerifying(event),
            connections: {
              count: event.connections ?? 0,
              reason: shownConnectionsReason(event.connectionsReason, event.bytesPerSecond) ?? undefined,
            },
          });
          waits.progress(event.activeFiles);
          for (const file of event.activeFiles) {
            downloadedOf.set(file.path, file.downloaded);
            // Requests sent and no byte on disk yet is shown too: a file stalled before its first write (the
            // stall watchdog reconnects after 30 s) had no bar, only the total at 0 B/s.
            const fetched = file.downloaded > 0 || (file.connections ?? 0) > 0;
            if (!fetched && !fileBars.has(file.path)) continue;
            // A file's bar goes at its file-done: one at its size until then is being verified.
            fileBar(file.path, file.size, file.downloaded)?.update(file.downloaded, {
              bytesPerSecond: file.bytesPerSecond,
              etaSeconds: file.etaSeconds,
              verifying: isVerifying(file.downloaded, file.size, false),
              otherDownload: false,
            });
          }
          // Shown at once, bytes or not: the waiting line above names the download they come from.
          for (const file of event.waitingFiles ?? []) {
            fileBar(file.path, file.size, file.downloaded)?.update(file.downloaded, {
              bytesPerSecond: file.bytesPerSecond,
              etaSeconds: file.etaSeconds,
              verifying: false,
              otherDownload: true,
            });
          }
          break;
        }
        case 'file-done':
        case 'file-failed':
          waits.drop(event.path);
          removeFileBar(event.path);
          break;
        case 'retry': {
          // A wait for the Hub: the file's bar says it from now on, bytes or not.
          const downloaded = downloadedOf.get(event.path) ?? 0;
          if (waits.note(event)) fileBar(event.path, sizes.get(event.path) ?? 0, downloaded);
          const notice = reconnects.lineFor(event);
          if (notice !== null) log(notice);
          break;
        }
        case 'done':
          finished = event;
          if (planAtMs !== undefined) sincePlanMs = now() - planAtMs;
          break;
        default: {
          const notice = reconnects.lineFor(event) ?? noticeLine(event);
          if (notice !== null) log(notice);
        }
      }
    },
    notice(line: string): void {
      if (!stopped) log(line);
    },
    stop(): void {
      if (stopped) return;
      stopped = true;
      stopRedrawingOnResize();
      // Flush pending warnings above the bars before they are cleared.
      multiBar.update();
      multiBar.stop();
      // Broken at spaces as the notices are (auto-wrap is on again: a path in it stays whole, for the terminal to wrap).
      if (finished) {
        const line = doneLine(finished, {
          reconnects: reconnects.count,
          ...(sincePlanMs !== undefined && { sincePlanMs }),
        });
        for (const part of wrapLine(printableLine(line), usableColumns(options.stream.columns)))
          options.stream.write(`${part}\n`);
      }
    },
  };
}
