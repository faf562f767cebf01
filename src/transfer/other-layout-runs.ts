/**
 * A download into the HF cache and a local-dir download of the same repo at once (docs/cache-layout.md, "The HF
 * cache and a local dir at once"). Each claims in its own claims folder, so they never collide there, and both
 * fetched every file. The rule: whichever run took a file first fetches it; the other waits, then copies its
 * file (verified by its hash) instead of fetching it.
 *
 * The two meet in the HF cache's claims folder of the repo (`{cache}/.locks/{repo folder}`), under its mutex:
 * - a run into the cache claims its files' blob ids there as always (download-claims.ts);
 * - a local-dir run, after its own claims, reads there which blob ids live runs into the cache have claimed: it
 *   waits for those, and tells the rest with a record of its own there that claims nothing but lists, per blob
 *   id, the path in its local dir (`LocalFetches`), in the same hold of the mutex;
 * - a run into the cache, after its claims, reads there which of its files live local-dir runs fetch, and waits
 *   for those.
 * A run never waits for a file it told the other it fetches, so two runs never wait for each other. The waiter
 * keeps its own claim of the file all along: when the run it waits for is gone without the file (paused,
 * failed, killed), it fetches the file itself. While it waits, the waited file shows the other run's bytes as
 * they land (not as bytes on disk here: they are in the other place).
 *
 * A local-dir run meets only where the claims folder exists (a run into the cache made it: the repo was or is
 * being downloaded there): a local-dir download writes nothing into the HF cache, and its record goes when it
 * ends. Where there is no such folder, or it cannot be used, both fetch, as before the rule. A poll (OTHER_RUN_POLL_MS) costs one lock probe
 * per run waited for (skipped while the mutex is busy), a stat per waited file and a look at its temp file.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { blobPath, cacheRepoLayout } from '../cache/cache-layout.js';
import { localFileIsPresent } from '../cache/file-presence.js';
import { localFilePath, localTempPrefix } from '../cache/local-dir-layout.js';
import { resolveHubCacheDir } from '../hub/hf-locations.js';
import {
  endRun,
  goneRuns,
  type LiveRun,
  lockClaimsFolder,
  newRunId,
  otherRuns,
  ownerOfThisProcess,
  startRun,
  tryLockClaimsFolder,
  writeRunRecord,
} from './claim-records.js';
import { claimsFolderAt } from './claims-folder.js';
import type { Blocked } from './download-claims.js';
import { DISK_CHECKS_IN_FLIGHT, mapBounded } from './map-bounded.js';
import { expectedContentOf } from './plan-download.js';
import { resumableBytes } from './resumable-bytes.js';
import type { RunContext } from './run-context.js';
import type { DownloadPlan, PlannedFile } from './types.js';
import { type ContentGroup, nextPoll } from './wait-for-other-runs.js';

/** The repo's place in the HF cache (plan-download.ts reads a local-dir plan's blobs there the same way). */
function hfCacheOf(plan: DownloadPlan) {
  return cacheRepoLayout(resolveHubCacheDir({ cacheDir: plan.request.cacheDir }), plan.request.repo);
}

function meetingFolderOf(plan: DownloadPlan): string {
  return claimsFolderAt({ kind: 'cache', cacheDir: hfCacheOf(plan).cacheDir, repo: plan.request.repo });
}

/** A local-dir run's record in the HF cache's claims folder, given up when the run ends. */
export interface LocalFetchesRecord {
  release(): Promise<void>;
}

export interface OtherLayoutSplit {
  /** Groups this run fetches. */
  own: ContentGroup[];
  /** Groups a live run of the other layout fetches: this run waits, then copies. */
  waiting: Blocked<ContentGroup>[];
  /** Set for a local-dir run that told the HF cache what it fetches. */
  record?: LocalFetchesRecord;
}

/**
 * Of the groups this run claimed, those a live run of the other layout fetches, with that run. None for a file
 * to be copied anyway, or when the HF cache's claims folder is missing or cannot be used (the run then fetches
 * all, as before this rule).
 */
export async function splitByOtherLayout(
  plan: DownloadPlan,
  claimed: readonly ContentGroup[],
  signal: AbortSignal,
  /** This run's id in its claims folder (for a run into the cache, the folder read here). */
  ownRunId: string,
): Promise<OtherLayoutSplit> {
  const all: OtherLayoutSplit = { own: [...claimed], waiting: [] };
  if (!claimed.some(([first]) => first!.cachedBlobPath === undefined)) return all;
  const local = plan.destination.kind === 'local' ? plan.destination.localDir : undefined;
  const folder = meetingFolderOf(plan);
  // A local-dir download writes nothing into the HF cache: where no run into the cache ever made the claims
  // folder, there is nobody to meet (a run into the cache started later does not see this one).
  if (!existsSync(folder)) return all;
  // A local-dir run's record here is a run of its own.
  const id = local === undefined ? ownRunId : newRunId();
  try {
    const mutex = await lockClaimsFolder(folder, signal);
    try {
      const live = await otherRuns(folder, id);
      const split = splitBy(claimed, local === undefined ? localRunOf(live) : cacheRunOf(live));
      if (local === undefined || split.own.length === 0) return split;
      const fetching = Object.fromEntries(split.own.map(([first]) => [first!.blobId, first!.path]));
      const lock = startRun(folder, id);
      await writeRunRecord(folder, id, ownerOfThisProcess(new Date()), [], { localDir: local, fetching });
      return { ...split, record: { release: () => giveUp(folder, id, lock) } };
    } finally {
      mutex.release();
    }
  } catch (error) {
    if (signal.aborted) throw error;
    return all;
  }
}

function splitBy(
  claimed: readonly ContentGroup[],
  runOf: (file: PlannedFile) => LiveRun | undefined,
): OtherLayoutSplit {
  const split: OtherLayoutSplit = { own: [], waiting: [] };
  for (const group of claimed) {
    const run = group[0]!.cachedBlobPath === undefined ? runOf(group[0]!) : undefined;
    if (run) split.waiting.push({ item: group, run });
    else split.own.push(group);
  }
  return split;
}

/** The live run into the cache that claimed a file's blob id. */
function cacheRunOf(live: readonly LiveRun[]): (file: PlannedFile) => LiveRun | undefined {
  const byBlob = new Map<string, LiveRun>();
  for (const run of live) if (run.local === undefined) for (const key of run.keys) byBlob.set(key, run);
  return (file) => byBlob.get(file.blobId);
}

/** The live local-dir run that fetches a file's blob id. */
function localRunOf(live: readonly LiveRun[]): (file: PlannedFile) => LiveRun | undefined {
  const byBlob = new Map<string, LiveRun>();
  for (const run of live)
    for (const blobId of Object.keys(run.local?.fetching ?? {})) byBlob.set(blobId, run);
  return (file) => byBlob.get(file.blobId);
}

async function giveUp(folder: string, id: string, lock: ReturnType<typeof startRun>): Promise<void> {
  try {
    const mutex = await lockClaimsFolder(folder, new AbortController().signal);
    try {
      await endRun(folder, id, lock);
    } finally {
      mutex.release();
    }
  } catch {
    // The folder is gone (the repo was deleted): dropping the lock is what counts (claim-records.ts).
    lock.release();
  }
}

/** Where the other run puts the file, and its temp prefix there (for its bytes as they land). */
function placeOf(
  plan: DownloadPlan,
  file: PlannedFile,
  run: LiveRun,
): { final: string; prefix: string } | undefined {
  const { local } = run;
  if (local === undefined) {
    const blob = blobPath(hfCacheOf(plan), file.blobId);
    return { final: blob, prefix: blob };
  }
  const path = local.fetching[file.blobId];
  if (path === undefined) return undefined;
  try {
    return {
      final: localFilePath(local.localDir, path),
      prefix: localTempPrefix(local.localDir, path, file.blobId),
    };
  } catch {
    // An unsafe path in a record: nothing to copy from there.
    return undefined;
  }
}

/** The other run's file of the group's content, when it is there whole (a local dir's: with its metadata). */
async function finishedCopyOf(
  plan: DownloadPlan,
  [first]: ContentGroup,
  run: LiveRun,
): Promise<string | undefined> {
  const place = placeOf(plan, first!, run);
  if (place === undefined) return undefined;
  if (run.local !== undefined) {
    const path = run.local.fetching[first!.blobId]!;
    const present = await localFileIsPresent(run.local.localDir, path, first!.blobId, first!.size).catch(
      () => false,
    );
    return present ? place.final : undefined;
  }
  const info = await stat(place.final).catch(() => undefined);
  return info?.isFile() && info.size === first!.size ? place.final : undefined;
}

export interface WaitForOtherLayoutOptions {
  ctx: RunContext;
  /** Puts groups in place: copied from the other run's file when one was found (`cachedBlobPath`), else fetched. */
  fetch: (groups: ContentGroup[]) => Promise<void>;
  pollMs?: number;
}

/** Resolves once every waited group was handed to `fetch`, or the run is aborted. Never rejects. */
export async function waitForOtherLayout(
  blocked: readonly Blocked<ContentGroup>[],
  options: WaitForOtherLayoutOptions,
): Promise<void> {
  const { ctx } = options;
  const { plan } = ctx;
  const folder = meetingFolderOf(plan);
  const waiting = new Map<ContentGroup, LiveRun>(blocked.map(({ item, run }) => [item, run]));
  const fetches: Promise<void>[] = [];
  while (waiting.size > 0 && !ctx.signal.aborted) {
    if (!(await nextPoll(ctx.signal, options.pollMs))) break;
    // Which runs are gone first, then the files: a run that committed the file and ended between the two
    // looks is seen with its file, not taken for one that left nothing.
    const gone = await goneAmong(folder, new Set([...waiting.values()].map((run) => run.id)));
    const ready: ContentGroup[] = [];
    await mapBounded([...waiting], DISK_CHECKS_IN_FLIGHT, async ([group, run]) => {
      const [first] = group;
      const copy = await finishedCopyOf(plan, group, run);
      if (copy !== undefined) {
        first!.cachedBlobPath = copy;
        // A local dir's file is another download's, not the HF cache's (counted as otherRunBytes).
        if (run.local !== undefined) first!.copiedFromOtherRun = true;
        else first!.copiedFrom = { from: 'hf-cache' };
      }
      if (copy !== undefined || gone.has(run.id)) {
        ready.push(group);
        return;
      }
      const place = placeOf(plan, first!, run);
      const bytes = place ? await resumableBytes(place.prefix, expectedContentOf(first!)).catch(() => 0) : 0;
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
