/**
 * `hubget download`'s stderr lines for files another hubget download is fetching (src/progress/waiting-lines.ts).
 * The engine announces a run's waits right after its `plan` event, before the first `progress` event; the plan
 * line already says them, with whose download they wait for (its `waitingFor`: event-lines.ts), so that burst
 * gets no line here. Waits announced otherwise (a plan event without `waitingFor`; a third download took the
 * files over later) are written when the next other event arrives, before the face sees it, and only where no
 * bars are drawn over them; `--json` carries every event.
 *
 * When the download waited for stops without the files and this run fetches them itself (a `file-start` for a
 * waited file, not one that copies the blob that download fetched into the HF cache), a line says so (`Took over
 * 3 files, 125.80 MB from pid 4242, which stopped without them`),
 * through the face's `notice`: above the bars on a terminal, so the waiting line above is not the last word.
 * The `file-start`s of a takeover come together; the line goes out at the next other event.
 */
import { type TakenOver, takeoverLines, type WaitingEvent, waitingLines } from '../progress/waiting-lines.js';
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
  // The plan line named the downloads its waits are for (its `waitingFor`): the burst of `file-waiting` right
  // after it gets no line of its own (it said the same twice).
  let saidByPlan = false;
  // Whose download each waited file is left to, until it is done, failed, or this run starts it.
  const waitedFor = new Map<string, WaitingEvent['owner']>();
  let takenOver: TakenOver[] = [];
  const flushWaiting = () => {
    if (pending.length > 0 && !(drawsBars && barsDrawn) && !saidByPlan)
      for (const line of waitingLines(pending)) writeLine(line);
    pending = [];
    saidByPlan = false;
  };
  const flushTakenOver = () => {
    for (const line of takeoverLines(takenOver)) renderer.notice(line);
    takenOver = [];
  };
  const flush = () => {
    flushWaiting();
    flushTakenOver();
  };
  return {
    onEvent(event) {
      if (event.type !== 'file-waiting') flushWaiting();
      if (event.type !== 'file-start') flushTakenOver();
      if (event.type === 'plan') saidByPlan = (event.waitingFor?.length ?? 0) > 0;
      if (event.type === 'file-waiting') waitedFor.set(event.path, event.owner);
      if (event.type === 'file-waiting') pending.push(event);
      if (event.type === 'file-start') {
        const owner = waitedFor.get(event.path);
        waitedFor.delete(event.path);
        // A copy of the blob the other download fetched into the HF cache (local-dir mode) is no takeover.
        if (owner && !event.copying)
          takenOver.push({ path: event.path, size: event.size, resumedBytes: event.resumedBytes, owner });
      }
      if (event.type === 'file-done' || event.type === 'file-failed') waitedFor.delete(event.path);
      if (event.type === 'progress') barsDrawn = true;
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
