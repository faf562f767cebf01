/**
 * Cancel = pause + delete this plan's temp files and resume maps. Only hubget's own temp files (those
 * with a `.hubget-ranges` sidecar) are touched: another program's download is never deleted.
 *
 * A temp file's name is its prefix (one per planned file, tempPrefixOf) plus a random part; the jobs service
 * stores the prefixes when a run starts, so a cancel needs no Hub listing and works offline.
 */
import { rm } from 'node:fs/promises';
import { findResumableTemps } from '../cache/temp-files.js';
import { tempPrefixOf } from './plan-download.js';
import type { DownloadPlan } from './types.js';

/** Where a plan's temp files live: one path prefix per planned file not yet present. */
export function tempPrefixesOf(plan: DownloadPlan): string[] {
  return [...new Set(plan.files.filter((file) => !file.present).map((file) => tempPrefixOf(plan, file)))];
}

/** Deletes the temp files (and resume maps) that start with these prefixes. */
export async function removeTempFiles(prefixes: readonly string[]): Promise<void> {
  for (const prefix of prefixes) {
    for (const temp of await findResumableTemps(prefix)) {
      await rm(temp.tempPath, { force: true });
      await rm(temp.resumeMapPath, { force: true });
      await rm(`${temp.resumeMapPath}.tmp`, { force: true });
    }
  }
}

export async function removePartialFiles(plan: DownloadPlan): Promise<void> {
  await removeTempFiles(tempPrefixesOf(plan));
}
