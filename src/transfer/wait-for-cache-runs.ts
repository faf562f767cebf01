/**
 * A local-dir run and a run into the HF cache of the same repo at once (docs/cache-layout.md, "Reuse of the HF
 * cache"): each claims in its own claims folder, so they never collide there, and both fetched the file. The
 * rule: the HF cache is the store both read from, so a local-dir run leaves a file whose blob a live run is
 * fetching into the cache to that run (its key there is the blob id, claimed in `{cache}/.locks/{repo
 * folder}`), waits for the blob, then copies it like a blob present at the plan (verified by its hash). When
 * that run is gone without the blob (paused, failed, killed), this run fetches the file itself: it holds the
 * file's claim in its local dir all along. A run into the cache does not wait for a local-dir run (a local dir
 * is no store the cache copies from); that direction still fetches twice.
 *
 * A poll (OTHER_RUN_POLL_MS) costs one lock probe per run waited for, under the cache claims folder's mutex
 * (skipped while it is busy), then a stat of each waited blob and a look at its temp file (its resume map), whose
 * bytes show as the waiting file's progress (not as this run's bytes on disk: they are not in the local dir).
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { blobPath, cacheRepoLayout } from '../cache/cache-layout.js';
import { resolveHubCacheDir } from '../hub/hf-locations.js';
import { goneRuns, type LiveRun, lockClaimsFolder, otherRuns, tryLockClaimsFolder } from './claim-records.js';
import { claimsFolderAt } from './claims-folder.js';
import type { Blocked } from './download-claims.js';
import { DISK_CHECKS_IN_FLIGHT, mapBounded } from './map-bounded.js';
import { expectedContentOf } from './plan-download.js';
import { resumableBytes } from './resumable-bytes.js';
import type { RunContext } from './run-context.js';
import type { DownloadPlan } from './types.js';
import { type ContentGroup, OTHER_RUN_POLL_MS } from './wait-for-other-runs.js';

/** The repo's place in the HF cache a local-dir plan copies from (plan-download.ts reads its blobs the same way). */
function hfCacheOf(plan: DownloadPlan) {
  return cacheRepoLayout(resolveHubCacheDir({ cacheDir: plan.request.cacheDir }), plan.request.repo);
}

/** No run id is `-`: every live run of the folder counts as another's. */
const NOT_A_RUN = '-';

/**
 * Of the groups a local-dir run claimed, those whose blob a live run is fetching into the HF cache, with that
 * run; the rest stay this run's to fetch. None outside local-dir mode, for a file already to be copied, or when
 * the cache's claims folder is missing or cannot be read (the run then fetches, as before this rule).
 */
export async function splitByCacheRuns(
  plan: DownloadPlan,
  claimed: readonly ContentGroup[],
  signal: AbortSignal,
): Promise<{ own: ContentGroup[]; waiting: Blocked<ContentGroup>[] }> {
  const candidates = claimed.filter(([first]) => first!.cachedBlobPath === undefined);
  if (plan.destination.kind !== 'local' || candidates.length === 0) return { own: [...claimed], waiting: [] };
  const folder = claimsFolderAt({
    kind: 'cache',
    cacheDir: hfCacheOf(plan).cacheDir,
    repo: plan.request.repo,
  });
  if (!existsSync(folder)) return { own: [...claimed], waiting: [] };
  let live: LiveRun[];
  try {
    const mutex = await lockClaimsFolder(folder, signal);
    try {
      live = await otherRuns(folder, NOT_A_RUN);
    } finally {
      mutex.release();
    }
  } catch (error) {
    if (signal.aborted) throw error;
    return { own: [...claimed], waiting: [] };
  }
  const runOfBlob = new Map<string, LiveRun>();
  for (const run of live) for (const key of run.keys) runOfBlob.set(key, run);
  const own: ContentGroup[] = [];
  const waiting: Blocked<ContentGroup>[] = [];
  for (const group of claimed) {
    const run = group[0]!.cachedBlobPath === undefined ? runOfBlob.get(group[0]!.blobId) : undefined;
    if (run) waiting.push({ item: group, run });
    else own.push(group);
  }
  return { own, waiting };
}

export interface WaitForCacheRunsOptions {
  ctx: RunContext;
  /** Puts groups in place: copied from the HF cache's blob when one was found (`cachedBlobPath`), else fetched. */
  fetch: (groups: ContentGroup[]) => Promise<void>;
  pollMs?: number;
}

/** The blob of the group's content in the HF cache, when it is there whole. */
async function cachedBlobOf(plan: DownloadPlan, [first]: ContentGroup): Promise<string | undefined> {
  const path = blobPath(hfCacheOf(plan), first!.blobId);
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() && info.size === first!.size ? path : undefined;
}

/** Resolves once every waited group was handed to `fetch`, or the run is aborted. Never rejects. */
export async function waitForCacheRuns(
  blocked: readonly Blocked<ContentGroup>[],
  options: WaitForCacheRunsOptions,
): Promise<void> {
  const { ctx } = options;
  const { plan } = ctx;
  const folder = claimsFolderAt({
    kind: 'cache',
    cacheDir: hfCacheOf(plan).cacheDir,
    repo: plan.request.repo,
  });
  const waiting = new Map<ContentGroup, LiveRun>(blocked.map(({ item, run }) => [item, run]));
  const fetches: Promise<void>[] = [];
  while (waiting.size > 0 && !ctx.signal.aborted) {
    await sleep(options.pollMs ?? OTHER_RUN_POLL_MS, undefined, { signal: ctx.signal }).catch(
      () => undefined,
    );
    if (ctx.signal.aborted) break;
    // Which runs are gone first, then the blobs: a run that committed the blob and ended between the two
    // looks is seen with its blob, not taken for one that left nothing.
    const gone = await goneAmong(folder, new Set([...waiting.values()].map((run) => run.id)));
    const ready: ContentGroup[] = [];
    await mapBounded([...waiting], DISK_CHECKS_IN_FLIGHT, async ([group, run]) => {
      const blob = await cachedBlobOf(plan, group);
      if (blob !== undefined) group[0]!.cachedBlobPath = blob;
      if (blob !== undefined || gone.has(run.id)) {
        ready.push(group);
        return;
      }
      const [first] = group;
      const prefix = blobPath(hfCacheOf(plan), first!.blobId);
      const bytes = await resumableBytes(prefix, expectedContentOf(first!)).catch(() => 0);
      ctx.tracker.landedElsewhere(first!, bytes);
    });
    for (const group of ready) waiting.delete(group);
    if (ready.length > 0) fetches.push(options.fetch(ready));
  }
  await Promise.all(fetches);
}

/**
 * The gone runs among `ids`: none while the folder's mutex is busy (asked again next poll); all of them when the
 * folder cannot be read any more (the repo was deleted from the cache): nothing is left to wait for.
 */
async function goneAmong(folder: string, ids: ReadonlySet<string>): Promise<ReadonlySet<string>> {
  try {
    const mutex = tryLockClaimsFolder(folder);
    if (mutex === null) return new Set();
    try {
      return await goneRuns(folder, ids);
    } finally {
      mutex.release();
    }
  } catch {
    return ids;
  }
}
