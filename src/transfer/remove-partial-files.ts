/**
 * Cancel = pause + delete this plan's temp files and resume maps. Only hubget's own temp files (those
 * with a `.hubget-ranges` sidecar) are touched: another program's download is never deleted. Empty temp
 * files unwritten for a minute go too: a download that died before its first byte (findCancellableTemps).
 *
 * A temp file's name is its prefix (one per planned file, tempPrefixOf) plus a random part; the jobs service
 * stores the prefixes when a run starts, so a cancel needs no Hub listing and works offline.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { ACTIVE_WRITE_WINDOW_MS } from '../cache/recent-temp-files.js';
import { findCancellableTemps } from '../cache/temp-files.js';
import { lockClaimsFolder, otherRuns } from './claim-records.js';
import { claimOfTempPrefix } from './claims-folder.js';
import { tempPrefixOf } from './plan-download.js';
import { discardTemp } from './resume-map.js';
import type { DownloadPlan } from './types.js';

/** Where a plan's temp files live: one path prefix per planned file not yet present. */
export function tempPrefixesOf(plan: DownloadPlan): string[] {
  return [...new Set(plan.files.filter((file) => !file.present).map((file) => tempPrefixOf(plan, file)))];
}

async function removeTempsOf(prefix: string): Promise<void> {
  const { resumable, deadEmpty } = await findCancellableTemps(prefix, ACTIVE_WRITE_WINDOW_MS);
  for (const temp of resumable) await discardTemp(temp);
  // And what a killed run left before its first byte: empty, no map, not written for a while.
  for (const path of deadEmpty) await rm(path, { force: true });
}

/**
 * Deletes the temp files (and resume maps) that start with these prefixes, except those of a file another
 * live download run has claimed: that run may have taken the file over the moment the cancelled one stopped
 * (docs/cache-layout.md, "One writer per file"). Checked and deleted under the claims folder's mutex, so no
 * run can claim a file between the check and the delete.
 */
export async function removeTempFiles(prefixes: readonly string[]): Promise<void> {
  const byFolder = new Map<string, { prefix: string; key: string }[]>();
  for (const prefix of prefixes) {
    const claim = claimOfTempPrefix(prefix);
    if (claim === undefined) {
      await removeTempsOf(prefix);
      continue;
    }
    const batch = byFolder.get(claim.folder) ?? [];
    batch.push({ prefix, key: claim.key });
    byFolder.set(claim.folder, batch);
  }
  for (const [folder, batch] of byFolder) {
    if (!existsSync(folder)) {
      // No run ever claimed anything there.
      for (const { prefix } of batch) await removeTempsOf(prefix);
      continue;
    }
    const mutex = await lockClaimsFolder(folder, new AbortController().signal);
    try {
      const claimed = new Set((await otherRuns(folder, '')).flatMap((run) => run.keys));
      for (const { prefix, key } of batch) if (!claimed.has(key)) await removeTempsOf(prefix);
    } finally {
      mutex.release();
    }
  }
}

export async function removePartialFiles(plan: DownloadPlan): Promise<void> {
  await removeTempFiles(tempPrefixesOf(plan));
}
