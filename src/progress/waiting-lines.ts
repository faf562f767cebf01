/**
 * The text for files another hubget download is fetching (`file-waiting` events,
 * src/transfer/wait-for-other-runs.ts): one line per download waited for, e.g.
 * `Waiting for another download of model.safetensors (pid 4242)` or
 * `Waiting for another download of 3 files, 125.80 MB (pid 4242 on build-2)`. `hubget download` prints it on
 * stderr (src/cli/waiting-notices.ts), the jobs service logs and notifies it (src/jobs/job-run.ts).
 * When that download stops without the files and this run fetches them itself (a `file-start` for a file it
 * waited for), one line per download taken over says so: `Took over 3 files, 125.80 MB from pid 4242, which
 * stopped without them; resuming 40.00 MB it had fetched`.
 */
import { hostname } from 'node:os';
import { printableLine } from '../format/printable.js';
import { formatBytes, plural } from '../format/units.js';
import type { TransferEvent } from './events.js';

export type WaitingEvent = Extract<TransferEvent, { type: 'file-waiting' }>;

/** One line per owner of a batch of `file-waiting` events, in the order the owners first appear. */
export function waitingLines(events: readonly WaitingEvent[], thisHost: string = hostname()): string[] {
  return byOwner(events).map(
    (batch) =>
      `Waiting for another download of ${batchWhat(batch)} (${ownerLabel(batch[0]!.owner, thisHost)})`,
  );
}

/** A batch of files of one owner, in the order the owners first appear. */
function byOwner<T extends { owner: WaitingEvent['owner'] }>(items: readonly T[]): T[][] {
  const batches = new Map<string, T[]>();
  for (const item of items) {
    const key = `${item.owner.hostname}\n${item.owner.pid}`;
    const batch = batches.get(key);
    if (batch) batch.push(item);
    else batches.set(key, [item]);
  }
  return [...batches.values()];
}

/** `model.safetensors`, or `3 files, 125.80 MB`. */
function batchWhat(batch: readonly { path: string; size: number }[]): string {
  return batch.length === 1
    ? printableLine(batch[0]!.path)
    : `${plural(batch.length, 'file')}, ${formatBytes(batch.reduce((sum, file) => sum + file.size, 0))}`;
}

/** A file this run waited for and now fetches itself: its `file-start`, and whose download it waited for. */
export interface TakenOver {
  path: string;
  size: number;
  resumedBytes: number;
  owner: WaitingEvent['owner'];
}

/** One line per download whose files this run took over, in the order the owners first appear. */
export function takeoverLines(files: readonly TakenOver[], thisHost: string = hostname()): string[] {
  return byOwner(files).map((batch) => {
    const what = batchWhat(batch);
    const resumed = batch.reduce((sum, file) => sum + file.resumedBytes, 0);
    const resuming = resumed > 0 ? `; resuming ${formatBytes(resumed)} it had fetched` : '';
    return `Took over ${what} from ${ownerLabel(batch[0]!.owner, thisHost)}, which stopped without ${batch.length === 1 ? 'it' : 'them'}${resuming}`;
  });
}

/** Who fetches a file this run waits for: `pid 4242`, or `pid 4242 on build-2` for another host. */
export function ownerLabel(owner: WaitingEvent['owner'], thisHost: string = hostname()): string {
  const where = owner.hostname === thisHost ? '' : ` on ${printableLine(owner.hostname)}`;
  return `pid ${owner.pid}${where}`;
}
