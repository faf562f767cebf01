/**
 * Cancel = pause + delete this plan's temp files and resume maps. Only hubget's own temp files (those
 * with a `.hubget-ranges` sidecar) are touched: another program's download is never deleted.
 */
import { rm } from 'node:fs/promises';
import { findResumableTemps } from '../cache/temp-files.js';
import { tempPrefixOf } from './plan-download.js';
import type { DownloadPlan } from './types.js';

export async function removePartialFiles(plan: DownloadPlan): Promise<void> {
  for (const file of plan.files) {
    for (const temp of await findResumableTemps(tempPrefixOf(plan, file))) {
      await rm(temp.tempPath, { force: true });
      await rm(temp.resumeMapPath, { force: true });
      await rm(`${temp.resumeMapPath}.tmp`, { force: true });
    }
  }
}
