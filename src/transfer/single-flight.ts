import { downloadFile } from './download-file.js';
import { tempPrefixOf } from './plan-download.js';
import { finishPresentFile, isPresentNow, presenceMarkerOf } from './present-now.js';
import type { RunContext } from './run-context.js';
import type { PlannedFile } from './types.js';

/**
 * Two downloads in this process (two jobs, two revisions) may need the same blob, or the same local
 * file: they would resume from the same temp file at once. The second waits for the first, then finds
 * the file present and only links it. Across processes (and between runs that could claim files) the
 * claims do this (download-claims.ts); this map still keeps two runs of one process apart when the claims
 * folder cannot be used.
 */
const transfersInFlight = new Map<string, Promise<void>>();

/**
 * Fetch (or link) one missing file. `afterOtherRun`: this run waited for another run that had claimed the file
 * (wait-for-other-runs.ts), so it may be on disk now, and temp files may have appeared since the run began.
 */
export async function downloadOnce(ctx: RunContext, file: PlannedFile, afterOtherRun = false): Promise<void> {
  const key = tempPrefixOf(ctx.plan, file);
  let waited = afterOtherRun;
  for (let running = transfersInFlight.get(key); running; running = transfersInFlight.get(key)) {
    waited = true;
    await running.catch(() => {});
  }
  // Registered in the same tick the loop saw the key free, so no second caller can slip in between.
  const work = (async () => {
    // Without a wait: committed since the plan by a run that ended before this one claimed it. The run's first
    // look at the folder, taken after its claims, shows such a file, and rules out the others without a stat.
    const present = waited
      ? await isPresentNow(ctx, file)
      : (await ctx.folders.mayExist(presenceMarkerOf(ctx, file))) && (await isPresentNow(ctx, file));
    if (present) {
      await finishPresentFile(ctx, file);
      return;
    }
    await downloadFile(ctx, file, waited);
  })();
  transfersInFlight.set(key, work);
  try {
    await work;
  } finally {
    if (transfersInFlight.get(key) === work) transfersInFlight.delete(key);
  }
}
