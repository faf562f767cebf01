import { cacheFilePresence, localFileIsPresent } from '../cache/file-presence.js';
import { reusePresentFile } from './commit-planned-file.js';
import { downloadFile } from './download-file.js';
import { tempPrefixOf } from './plan-download.js';
import type { RunContext } from './run-context.js';
import type { PlannedFile } from './types.js';

/**
 * Two downloads in this process (two jobs, two revisions) may need the same blob, or the same local
 * file: they would resume from the same temp file at once. The second waits for the first, then finds
 * the file present and only links it.
 */
const transfersInFlight = new Map<string, Promise<void>>();

async function isPresentNow(ctx: RunContext, file: PlannedFile): Promise<boolean> {
  const { plan } = ctx;
  if (ctx.layout) {
    return (
      (await cacheFilePresence(ctx.layout, plan.commit, file.path, file.blobId, file.size)) !== 'missing'
    );
  }
  return plan.destination.kind === 'local'
    ? localFileIsPresent(plan.destination.localDir, file.path, file.blobId, file.size)
    : false;
}

export async function downloadOnce(ctx: RunContext, file: PlannedFile): Promise<void> {
  const key = tempPrefixOf(ctx.plan, file);
  let waited = false;
  for (let running = transfersInFlight.get(key); running; running = transfersInFlight.get(key)) {
    waited = true;
    await running.catch(() => {});
  }
  // Registered in the same tick the loop saw the key free, so no second caller can slip in between.
  const work = (async () => {
    if (waited && (await isPresentNow(ctx, file))) {
      await reusePresentFile(ctx, file);
      ctx.tracker.finish(file);
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
