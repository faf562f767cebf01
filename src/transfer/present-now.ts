/**
 * Is a planned file on disk now, when the plan said it was missing? Asked when another run may have committed
 * it since (download-claims.ts, wait-for-other-runs.ts, single-flight.ts); the same rules as the plan's
 * (src/cache/file-presence.ts).
 */
import { blobPath } from '../cache/cache-layout.js';
import { cacheFilePresence, localFileIsPresent } from '../cache/file-presence.js';
import { reusePresentFile } from './commit-planned-file.js';
import type { RunContext } from './run-context.js';
import type { PlannedFile } from './types.js';

export async function isPresentNow(
  ctx: Pick<RunContext, 'plan' | 'layout'>,
  file: PlannedFile,
): Promise<boolean> {
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

/**
 * The path that appears when the file is committed (the blob in the cache, the file itself in a local dir): a
 * folder listing that lacks its name proves the file missing without a stat.
 */
export function presenceMarkerOf(ctx: Pick<RunContext, 'layout'>, file: PlannedFile): string {
  return ctx.layout ? blobPath(ctx.layout, file.blobId) : file.finalPath;
}

/** A file found present after all: linked (cache) and counted as done, like a file present at the plan. */
export async function finishPresentFile(ctx: RunContext, file: PlannedFile): Promise<void> {
  await reusePresentFile(ctx, file);
  ctx.tracker.finish(file);
}
