/**
 * `hubget download`'s stderr line for files another hubget download is fetching (`file-waiting` events,
 * src/transfer/wait-for-other-runs.ts): one line per run waited for, e.g.
 * `Waiting for another download of model.safetensors (pid 4242)` or
 * `Waiting for another download of 3 files, 125.80 MB (pid 4242 on build-2)`.
 *
 * The engine announces a run's waits right after its `plan` event, before the first `progress` event; the
 * lines are written when the next other event arrives, before the face sees it, so on a terminal they come
 * before the bars are drawn. Waits announced later (a third download took the files over) are written as
 * lines only where no bars are drawn; `--json` carries every event.
 */
import { hostname } from 'node:os';
import { printableLine } from '../format/printable.js';
import { formatBytes, plural } from '../format/units.js';
import type { TransferEvent } from '../progress/index.js';
import type { ProgressRenderer } from './renderers/progress-renderer.js';

type WaitingEvent = Extract<TransferEvent, { type: 'file-waiting' }>;

/** One line per owner of a batch of `file-waiting` events, in the order the owners first appear. */
export function waitingLines(events: readonly WaitingEvent[], thisHost: string = hostname()): string[] {
  const byOwner = new Map<string, WaitingEvent[]>();
  for (const event of events) {
    const key = `${event.owner.hostname}\n${event.owner.pid}`;
    const batch = byOwner.get(key);
    if (batch) batch.push(event);
    else byOwner.set(key, [event]);
  }
  return [...byOwner.values()].map((batch) => {
    const { owner } = batch[0]!;
    const what =
      batch.length === 1
        ? printableLine(batch[0]!.path)
        : `${plural(batch.length, 'file')}, ${formatBytes(batch.reduce((sum, event) => sum + event.size, 0))}`;
    const where = owner.hostname === thisHost ? '' : ` on ${printableLine(owner.hostname)}`;
    return `Waiting for another download of ${what} (pid ${owner.pid}${where})`;
  });
}

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
