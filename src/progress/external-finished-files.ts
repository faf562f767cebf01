/**
 * Which finished files count in another program's download the watcher shows (docs/external-downloads.md, "How
 * much is downloaded"): the files that left their temp names (a blob appeared in `blobs/`, or a local dir's
 * `.metadata` was written) while the watcher watched it.
 *
 * - Present at first sight: not counted, unless a temp file shown for it was written again (a download noticed
 *   half-way starts low).
 * - Finished since, a temp file of it shown: counted.
 * - Finished since, no temp file of it ever seen (fetched whole between two scans, a second apart: every small
 *   file of a repo of many, anything on a fast line): counted, unless a run of this process claimed it (the
 *   server's own job fetching into the same place: src/transfer/this-process-claims.ts), or its content was
 *   last written more than `COPIED_IN_BEFORE_MS` before the download was first seen (a file copied in with its
 *   times kept, `cp -p`, `rsync -t`, `mv` from elsewhere; or in a local dir a file already there that the program
 *   only recorded, hashing it).
 *
 * Decided once per file, when first found: a run's claims are remembered only for a while.
 */
import { claimedByThisProcess } from '../transfer/this-process-claims.js';
import type { FinishedFile } from './external-scan.js';

/**
 * Slack before first sight for a file's last write: a program writes a file it fetches right before it is in
 * place (its temp file is renamed, keeping its mtime), so anything older was copied in. Generous, for the clock
 * of a network file system that runs behind.
 */
export const COPIED_IN_BEFORE_MS = 60_000;

/** What the watcher keeps of one download to tell its finished files. */
export interface FinishedTally {
  /** Unix ms (the watcher's clock) of the first scan that found the download. */
  firstSeenAt: number;
  /** Items present at first sight, with their finish time. */
  baseline: ReadonlyMap<string, number>;
  /** Items finished since, by key: whether they count, decided when first found. Updated here. */
  finishedSince: Map<string, boolean>;
  /** The files the temp files shown so far become (`ScannedTempFile.becomes`). */
  shownFiles: ReadonlySet<string>;
}

/** Fetched by the program watched rather than by hubget here, or copied in: see the file's comment. */
function countsAsFetched(item: FinishedFile, firstSeenAt: number): boolean {
  if (item.writtenAtMs < firstSeenAt - COPIED_IN_BEFORE_MS) return false;
  return item.claim === undefined || !claimedByThisProcess(item.claim.folder, item.claim.key);
}

/**
 * The items of this scan that count, and how many of them this scan found first (`fresh`: files finished since
 * the last scan); forgets the decisions about items gone.
 */
export function countedFinished(
  tally: FinishedTally,
  items: readonly FinishedFile[],
): { counted: FinishedFile[]; fresh: number } {
  const counted: FinishedFile[] = [];
  let fresh = 0;
  const found = new Set<string>();
  for (const item of items) {
    found.add(item.key);
    const before = tally.baseline.get(item.key);
    if (before !== undefined) {
      if (tally.shownFiles.has(item.file) && item.finishedAtMs > before) counted.push(item);
      continue;
    }
    let counts = tally.finishedSince.get(item.key);
    if (counts === undefined) {
      counts = tally.shownFiles.has(item.file) || countsAsFetched(item, tally.firstSeenAt);
      tally.finishedSince.set(item.key, counts);
      if (counts) fresh += 1;
    }
    if (counts) counted.push(item);
  }
  for (const key of tally.finishedSince.keys()) if (!found.has(key)) tally.finishedSince.delete(key);
  return { counted, fresh };
}
