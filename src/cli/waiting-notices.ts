/**
 * `hubget download`'s stderr lines for files another hubget download is fetching (src/progress/waiting-lines.ts).
 * The engine announces a run's waits right after its `plan` event, before the first `progress` event; the
 * lines are written when the next other event arrives, before the face sees it, so on a terminal they come
 * before the bars are drawn. Waits announced later (a third download took the files over) are written as
 * lines only where no bars are drawn; `--json` carries every event.
 */
import { type WaitingEvent, waitingLines } from '../progress/waiting-lines.js';
import type { ProgressRenderer } from './renderers/progress-renderer.js';

/**
 * `renderer` with the waiting lines written through `writeLine` ahead of it. `drawsBars`: the face redraws the
 * terminal (lines written after its first `progress` event would be drawn over).
 */
export function withWaitingNotices(
  renderer: ProgressRenderer,
  writeLine: (line: string) => void,
  drawsBars: boolean,
): ProgressRenderer {
  let pending: WaitingEvent[] = [];
  let barsDrawn = false;
  const flush = () => {
    if (pending.length === 0) return;
    if (!(drawsBars && barsDrawn)) for (const line of waitingLines(pending)) writeLine(line);
    pending = [];
  };
  return {
    onEvent(event) {
      if (event.type === 'file-waiting') {
        pending.push(event);
      } else {
        flush();
        if (event.type === 'progress') barsDrawn = true;
      }
      renderer.onEvent(event);
    },
    notice(line) {
      renderer.notice(line);
    },
    stop() {
      flush();
      renderer.stop();
    },
  };
}
