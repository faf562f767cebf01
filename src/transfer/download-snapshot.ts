/**
 * Download a snapshot: plan → preflight → ref → files (a few at once, sharing one connection budget and
 * the rate limiters) → commit each verified file. Nothing appears at a final path unverified: bytes go to
 * a temp file (with its resume map), transferFile checks size + hash, and only then the commit step
 * renames/links it (hf-protocol.md §3.4, §3.8, §3.12, §6.4).
 *
 * Abort (pause) leaves temp files and resume maps in place, so the next call resumes without fetching
 * finished ranges again; removePartialFiles() is the cancel.
 */

import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { constants as fsConstants } from 'node:fs';
import { copyFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  type CacheRepoLayout,
  cacheRepoLayout,
  noExistPath,
  RESUME_MAP_SUFFIX,
  snapshotDir,
} from '../cache/cache-layout.js';
import { ensureCachedirTag } from '../cache/cachedir-tag.js';
import { commitCacheFile } from '../cache/commit-cache-file.js';
import { commitLocalDirFile } from '../cache/commit-local-dir-file.js';
import { cacheFilePresence, localFileIsPresent } from '../cache/file-presence.js';
import { ensureLocalBookkeeping } from '../cache/local-dir-metadata.js';
import { chooseTempFile, randomTempSuffix, type TempFile } from '../cache/temp-files.js';
import { writeRef } from '../cache/write-ref.js';
import {
  DEFAULT_CONNECTION_BUDGET,
  DEFAULT_CONNECTIONS_PER_FILE,
  DEFAULT_MAX_CONCURRENT_FILES,
  DEFAULT_PROGRESS_INTERVAL_MS,
  MIN_PROGRESS_INTERVAL_MS,
} from '../defaults.js';
import { type ErrorCode, HubgetError, isHubgetError, toHubgetError } from '../errors.js';
import { resolveHubCacheDir } from '../hub/hf-locations.js';
import type { HubCallOptions } from '../hub/hub-request.js';
import { etaSeconds } from '../progress/eta.js';
import type { FileProgress, TransferEvent } from '../progress/events.js';
import { SpeedMeter } from '../progress/speed-meter.js';
import { countedBudget, createConnectionBudget } from './connection-budget.js';
import { assertDiskSpace, type FreeBytesFunction } from './disk-space.js';
import { fileUrlResolver } from './file-url.js';
import { fileMatches } from './hash-file.js';
import { expectedContentOf, planDownload, tempFolderOf, tempPrefixOf } from './plan-download.js';
import { RunFolders } from './run-folders.js';
import { type TransferFileParams, transferFile } from './transfer-file.js';
import { transferOrder } from './transfer-order.js';
import type {
  ConnectionBudget,
  DownloadOptions,
  DownloadPlan,
  DownloadRequest,
  DownloadResult,
  PlannedFile,
  UrlResolver,
} from './types.js';

/** A file whose content fails the hash check is fetched once more, then reported. */
const MAX_ATTEMPTS_ON_INTEGRITY_MISMATCH = 2;

/** Errors that concern the whole download, not one file: stop everything instead of trying other files. */
const FATAL_CODES: ReadonlySet<ErrorCode> = new Set([
  'ABORTED',
  'DISK_FULL',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'GATED_REPO',
  'REPO_NOT_FOUND',
  'OFFLINE_MODE',
  'NETWORK_UNREACHABLE',
  'UNSAFE_PATH',
]);

/** Extra knobs on top of the DownloadOptions contract (compatible extension). */
export interface DownloadSnapshotOptions extends DownloadOptions {
  /** Free-space probe for the preflight (tests simulate a full disk with it). */
  freeBytes?: FreeBytesFunction;
  /** Passed to every transferFile call (tests shrink segments and backoff; custom dispatcher). */
  transfer?: Pick<TransferFileParams, 'tuning' | 'retryPolicy' | 'dispatcher'>;
  /** Passed to Hub API calls (listing, file resolution): retry tuning, dispatcher. */
  hubCall?: Omit<HubCallOptions, 'signal'>;
}

function errorInfo(error: HubgetError): { code: ErrorCode; message: string } {
  return { code: error.code, message: error.message };
}

function hashOfEmpty(algorithm: PlannedFile['algorithm']): string {
  return algorithm === 'sha256'
    ? createHash('sha256').digest('hex')
    : createHash('sha1').update('blob 0\0').digest('hex');
}

/** Bytes on disk per file and overall, speed and ETA; feeds the `progress` events. */
class ProgressTracker {
  readonly #meter = new SpeedMeter();
  readonly #active = new Map<string, { file: PlannedFile; downloaded: number; meter: SpeedMeter }>();
  /** Bytes of resumable temp files not started yet: on disk, so counted from the first event. */
  readonly #waitingPartial = new Map<string, number>();
  #completedBytes: number;
  filesDone: number;
  fetchedBytes = 0;

  constructor(
    private readonly plan: DownloadPlan,
    presentFiles: number,
    /** Connections this download has open (counted budget). */
    private readonly connections: () => number = () => 0,
  ) {
    this.#completedBytes = plan.presentBytes;
    this.filesDone = presentFiles;
    for (const file of plan.files) {
      if (!file.present && file.partialBytes > 0) this.#waitingPartial.set(file.path, file.partialBytes);
    }
  }

  start(file: PlannedFile, resumedBytes: number): void {
    this.#waitingPartial.delete(file.path);
    this.#active.set(file.path, {
      file,
      downloaded: Math.min(resumedBytes, file.size),
      meter: new SpeedMeter(),
    });
  }

  /** Restart a file from zero (its temp file was discarded). */
  reset(file: PlannedFile): void {
    const entry = this.#active.get(file.path);
    if (entry) entry.downloaded = 0;
  }

  bytes(file: PlannedFile, count: number): void {
    const entry = this.#active.get(file.path);
    this.fetchedBytes += count;
    this.#meter.add(count);
    if (!entry) return;
    entry.downloaded = Math.min(file.size, entry.downloaded + count);
    entry.meter.add(count);
  }

  finish(file: PlannedFile): void {
    this.#waitingPartial.delete(file.path);
    this.#active.delete(file.path);
    this.#completedBytes += file.size;
    this.filesDone++;
  }

  drop(file: PlannedFile): void {
    this.#active.delete(file.path);
  }

  event(): Extract<TransferEvent, { type: 'progress' }> {
    const now = Date.now();
    const activeFiles: FileProgress[] = [];
    let activeBytes = 0;
    for (const bytes of this.#waitingPartial.values()) activeBytes += bytes;
    for (const { file, downloaded, meter } of this.#active.values()) {
      activeBytes += downloaded;
      activeFiles.push({
        path: file.path,
        downloaded,
        size: file.size,
        bytesPerSecond: meter.bytesPerSecond(now),
      });
    }
    const downloaded = Math.min(this.plan.totalBytes, this.#completedBytes + activeBytes);
    const bytesPerSecond = this.#meter.bytesPerSecond(now);
    return {
      type: 'progress',
      downloaded,
      total: this.plan.totalBytes,
      bytesPerSecond,
      etaSeconds: etaSeconds(this.plan.totalBytes - downloaded, bytesPerSecond),
      filesDone: this.filesDone,
      filesTotal: this.plan.files.length,
      activeFiles,
      connections: this.connections(),
    };
  }
}

interface RunContext {
  plan: DownloadPlan;
  layout: CacheRepoLayout | undefined;
  options: DownloadSnapshotOptions;
  budget: ConnectionBudget;
  signal: AbortSignal;
  tracker: ProgressTracker;
  emit: (event: TransferEvent) => void;
  /** Folders created and temp folders listed in this run. */
  folders: RunFolders;
}

/** One GET on the file's /resolve/ URL follows the redirects (file-url.ts); no HEAD per file. */
function urlResolverFor(ctx: RunContext, file: PlannedFile): UrlResolver {
  const { hub, repo } = ctx.plan.request;
  return fileUrlResolver(hub, repo, ctx.plan.commit, file.path);
}

/**
 * Commit (or just link) one file into the cache with this run's memo of folders: `refs/` and
 * `CACHEDIR.TAG` were made once before the first file, each snapshot sub-folder is created once.
 */
function commitToCache(
  ctx: RunContext,
  layout: CacheRepoLayout,
  file: PlannedFile,
  tempPath?: string,
  resumeMapPath?: string,
) {
  return commitCacheFile({
    layout,
    commit: ctx.plan.commit,
    path: file.path,
    blobId: file.blobId,
    size: file.size,
    ...(tempPath !== undefined && { tempPath }),
    ...(resumeMapPath !== undefined && { resumeMapPath }),
    ensureFolder: (folder) => ctx.folders.ensure(folder),
    repoPrepared: true,
  });
}

/** `resumeMapPath`: a sidecar that may still exist (transferFile deletes its map once it succeeded). */
async function commitFile(
  ctx: RunContext,
  file: PlannedFile,
  tempPath: string,
  resumeMapPath: string | undefined,
) {
  const { plan } = ctx;
  try {
    if (ctx.layout) {
      await commitToCache(ctx, ctx.layout, file, tempPath, resumeMapPath);
    } else if (plan.destination.kind === 'local') {
      await commitLocalDirFile({
        localDir: plan.destination.localDir,
        path: file.path,
        commit: plan.commit,
        blobId: file.blobId,
        tempPath,
        ...(resumeMapPath !== undefined && { resumeMapPath }),
      });
    }
  } catch (error) {
    throw toHubgetError(error, 'IO_ERROR');
  }
}

/**
 * The temp file for a transfer: a fresh name when the run's first look at the temp folder found nothing
 * for this file (no readdir per file), else the full lookup, which resumes the newest resumable one.
 */
async function chooseTemp(
  ctx: RunContext,
  file: PlannedFile,
  firstLookIsCurrent: boolean,
): Promise<TempFile> {
  const prefix = tempPrefixOf(ctx.plan, file);
  if (firstLookIsCurrent && !(await ctx.folders.mayHaveTemps(prefix))) {
    const tempPath = `${prefix}.${randomTempSuffix()}.incomplete`;
    return { tempPath, resumeMapPath: `${tempPath}${RESUME_MAP_SUFFIX}`, resumed: false };
  }
  return chooseTempFile(prefix);
}

/**
 * Cache mode: requested files the listing proves absent at the commit get an empty
 * `.no_exist/<commit>/<path>` marker, as huggingface_hub writes for an EntryNotFound (hf-protocol.md §3.6),
 * so offline probes for optional files (transformers) need no network. Only into a repo already in the
 * cache: a repo folder without `snapshots/` is reported as corrupted by both scanners (§3.11). Best
 * effort: the error stands either way.
 */
async function recordMissingFiles(request: DownloadRequest, error: unknown): Promise<void> {
  if (request.localDir !== undefined || !isHubgetError(error, 'ENTRY_NOT_FOUND')) return;
  const { missing, commit } = error.details ?? {};
  if (!Array.isArray(missing) || typeof commit !== 'string') return;
  const layout = cacheRepoLayout(resolveHubCacheDir({ cacheDir: request.cacheDir }), request.repo);
  if (
    !(await stat(join(layout.repoDir, 'snapshots')).then(
      (info) => info.isDirectory(),
      () => false,
    ))
  )
    return;
  for (const path of missing) {
    try {
      const marker = noExistPath(layout, commit, String(path));
      await mkdir(dirname(marker), { recursive: true });
      await writeFile(marker, '', { flag: 'a' });
    } catch {
      // An unsafe path (noExistPath refuses it) or a read-only cache: no marker, same error.
    }
  }
}

/**
 * local-dir mode: copy the HF cache's blob of the same content into the temp file (a reflink where the
 * filesystem offers one) and verify it. huggingface_hub copies without hashing (§3.12); hubget keeps its
 * rule that nothing unverified reaches a final path, so a blob that does not match is ignored and the
 * file is fetched instead. Returns whether the temp file now holds the verified content.
 */
async function copyFromCache(ctx: RunContext, file: PlannedFile, tempPath: string): Promise<boolean> {
  if (file.cachedBlobPath === undefined) return false;
  try {
    await copyFile(file.cachedBlobPath, tempPath, fsConstants.COPYFILE_FICLONE);
    if (await fileMatches(tempPath, expectedContentOf(file), { signal: ctx.signal })) {
      ctx.emit({ type: 'file-verified', path: file.path, algorithm: file.algorithm });
      return true;
    }
  } catch (error) {
    if (ctx.signal.aborted) throw error;
  }
  await rm(tempPath, { force: true });
  return false;
}

/**
 * Fetch, verify and commit one missing file; retries once on INTEGRITY_MISMATCH. `waited`: another
 * transfer of the same blob ran first, so temp files may have appeared since the run's first look.
 */
async function downloadFile(ctx: RunContext, file: PlannedFile, waited: boolean): Promise<void> {
  const resolveUrl = urlResolverFor(ctx, file);
  for (let attempt = 1; ; attempt++) {
    const temp = await chooseTemp(ctx, file, attempt === 1 && !waited);
    const resumedBytes = temp.resumed ? file.partialBytes : 0;
    ctx.tracker.start(file, resumedBytes);
    ctx.emit({ type: 'file-start', path: file.path, size: file.size, resumedBytes });
    try {
      await ctx.folders.ensure(dirname(temp.tempPath));
      if (attempt === 1 && (await copyFromCache(ctx, file, temp.tempPath))) {
        await commitFile(ctx, file, temp.tempPath, undefined);
        ctx.tracker.finish(file);
        ctx.emit({ type: 'file-done', path: file.path, size: file.size, reused: true });
        return;
      }
      if (file.size === 0) {
        // No range request for empty content; still verify the expected hash before committing.
        if (hashOfEmpty(file.algorithm) !== file.blobId) {
          throw new HubgetError(
            'INTEGRITY_MISMATCH',
            `${file.path}: empty content does not match ${file.blobId}`,
          );
        }
        await writeFile(temp.tempPath, '');
        ctx.emit({ type: 'file-verified', path: file.path, algorithm: file.algorithm });
      } else {
        await transferFile({
          path: file.path,
          resolveUrl,
          expected: expectedContentOf(file),
          tempPath: temp.tempPath,
          resumeMapPath: temp.resumeMapPath,
          connections: ctx.options.connectionsPerFile ?? DEFAULT_CONNECTIONS_PER_FILE,
          ...(ctx.options.rateLimiters ? { rateLimiters: ctx.options.rateLimiters } : {}),
          ...(ctx.options.stallTimeoutMs !== undefined ? { stallTimeoutMs: ctx.options.stallTimeoutMs } : {}),
          signal: ctx.signal,
          onBytes: (bytes: number) => ctx.tracker.bytes(file, bytes),
          onEvent: ctx.emit,
          connectionBudget: ctx.budget,
          ...ctx.options.transfer,
        });
      }
      // Empty files: a resumed temp's sidecar is still there; transferFile deleted its own map.
      await commitFile(ctx, file, temp.tempPath, file.size === 0 ? temp.resumeMapPath : undefined);
      ctx.tracker.finish(file);
      ctx.emit({ type: 'file-done', path: file.path, size: file.size, reused: false });
      return;
    } catch (caught) {
      // Once the run is aborted (pause, or another file's fatal error) every file just reports ABORTED.
      const error = ctx.signal.aborted
        ? new HubgetError('ABORTED', 'The download was aborted', { cause: caught })
        : toHubgetError(caught);
      if (error.code === 'INTEGRITY_MISMATCH' && attempt < MAX_ATTEMPTS_ON_INTEGRITY_MISMATCH) {
        // transferFile deleted the bad temp file and its map; the next attempt starts from zero.
        ctx.tracker.reset(file);
        continue;
      }
      ctx.tracker.drop(file);
      throw error;
    }
  }
}

function abortError(signal: AbortSignal): HubgetError {
  const reason: unknown = signal.reason;
  if (isHubgetError(reason)) return reason;
  return new HubgetError('ABORTED', 'The download was aborted', { cause: reason });
}

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

async function downloadOnce(ctx: RunContext, file: PlannedFile): Promise<void> {
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

/** A second path with the content of a file just committed: link its blob, or copy it in local-dir mode. */
async function copySameContent(ctx: RunContext, source: PlannedFile, file: PlannedFile): Promise<void> {
  try {
    if (ctx.layout) {
      await commitToCache(ctx, ctx.layout, file);
    } else {
      const temp = await chooseTempFile(tempPrefixOf(ctx.plan, file));
      await mkdir(dirname(temp.tempPath), { recursive: true });
      await copyFile(source.finalPath, temp.tempPath);
      await commitFile(ctx, file, temp.tempPath, temp.resumeMapPath);
    }
  } catch (error) {
    throw toHubgetError(error, 'IO_ERROR');
  }
  ctx.tracker.finish(file);
  ctx.emit({ type: 'file-done', path: file.path, size: file.size, reused: true });
}

/** Present files: link a blob that exists (another revision) and report them as reused. */
async function reusePresentFile(ctx: RunContext, file: PlannedFile): Promise<void> {
  if (ctx.layout) {
    try {
      await commitToCache(ctx, ctx.layout, file);
    } catch (error) {
      throw toHubgetError(error, 'IO_ERROR');
    }
  }
  ctx.emit({ type: 'file-done', path: file.path, size: file.size, reused: true });
}

/** Run `worker` over `items` with at most `limit` at once; stops taking new items once `stop()` is true. */
async function runPool<T>(
  items: T[],
  limit: number,
  stop: () => boolean,
  worker: (item: T) => Promise<void>,
) {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length && !stop()) {
      const item = items[next++]!;
      await worker(item);
    }
  });
  await Promise.all(lanes);
}

export async function downloadSnapshot(
  request: DownloadRequest,
  options: DownloadSnapshotOptions = {},
): Promise<DownloadResult> {
  const startedAtMs = Date.now();
  const emit = (event: TransferEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A faulty subscriber must not break the download.
    }
  };
  const controller = new AbortController();
  // Every concurrent file, range request and Hub call listens on this one signal.
  setMaxListeners(0, controller.signal);
  const onOuterAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onOuterAbort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;

  try {
    if (controller.signal.aborted) throw abortError(controller.signal);
    const plan = await planDownload(request, { ...options.hubCall, signal: controller.signal }).catch(
      async (error: unknown) => {
        await recordMissingFiles(request, error);
        throw error;
      },
    );
    if (controller.signal.aborted) throw abortError(controller.signal);
    const presentFiles = plan.files.filter((file) => file.present);
    emit({
      type: 'plan',
      repoId: request.repo.repoId,
      commit: plan.commit,
      totalBytes: plan.totalBytes,
      presentBytes: plan.presentBytes,
      resumedBytes: plan.files.reduce((sum, file) => sum + file.partialBytes, 0),
      bytesToFetch: plan.bytesToFetch,
      filesTotal: plan.files.length,
      filesPresent: presentFiles.length,
      files: plan.files.map((file) => ({ path: file.path, size: file.size, present: file.present })),
    });
    const budget = countedBudget(
      options.connectionBudget ?? createConnectionBudget(DEFAULT_CONNECTION_BUDGET),
    );
    const tracker = new ProgressTracker(plan, presentFiles.length, () => budget.inUse);
    emit(tracker.event());
    const intervalMs = Math.min(
      1000,
      Math.max(MIN_PROGRESS_INTERVAL_MS, options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS),
    );
    timer = setInterval(() => emit(tracker.event()), intervalMs);

    if (!options.skipDiskCheck) {
      await assertDiskSpace({
        path: tempFolderOf(plan),
        requiredBytes: plan.bytesToFetch,
        ...(options.freeBytes ? { freeBytes: options.freeBytes } : {}),
      });
    }

    const layout =
      plan.destination.kind === 'cache'
        ? cacheRepoLayout(plan.destination.cacheDir, request.repo)
        : undefined;
    try {
      // refs/ always (the JS scanner stats it); refs/<revision> only for a non-commit revision (§3.5, §6.1).
      // snapshots/<commit>/ first, like Python: a ref to a commit without its folder is "corrupted" to
      // both scanners (§3.11), and a download failing on every file must not leave that behind.
      if (layout) {
        await mkdir(snapshotDir(layout, plan.commit), { recursive: true });
        await writeRef(layout, plan.revision, plan.commit);
        await ensureCachedirTag(layout.cacheDir);
      } else if (plan.destination.kind === 'local') await ensureLocalBookkeeping(plan.destination.localDir);
    } catch (error) {
      throw toHubgetError(error, 'IO_ERROR');
    }

    // One transfer per blob: paths with identical content (empty files, duplicated weights) share a blob
    // id and would otherwise race on the same resumable temp file. Order: see transfer-order.ts.
    const groups = new Map<string, PlannedFile[]>();
    for (const file of plan.files) {
      if (file.present) continue;
      const group = groups.get(file.blobId);
      if (group) group.push(file);
      else groups.set(file.blobId, [file]);
    }
    const missing = transferOrder([...groups.values()], ([first]) => first!.size);
    const ctx: RunContext = {
      plan,
      layout,
      options,
      budget,
      signal: controller.signal,
      tracker,
      emit,
      folders: new RunFolders(),
    };
    if (layout) ctx.folders.markCreated(snapshotDir(layout, plan.commit));
    for (const file of presentFiles) await reusePresentFile(ctx, file);
    let firstError: HubgetError | undefined;
    const fail = (file: PlannedFile, caught: unknown): void => {
      const error = toHubgetError(caught);
      if (error.code !== 'ABORTED') emit({ type: 'file-failed', path: file.path, error: errorInfo(error) });
      if (firstError === undefined || (firstError.code === 'ABORTED' && error.code !== 'ABORTED')) {
        firstError = error;
      }
      if (FATAL_CODES.has(error.code) && !controller.signal.aborted) controller.abort(error);
    };
    await runPool(
      missing,
      options.maxConcurrentFiles ?? DEFAULT_MAX_CONCURRENT_FILES,
      () => controller.signal.aborted,
      async ([first, ...sameContent]) => {
        try {
          await downloadOnce(ctx, first!);
        } catch (caught) {
          fail(first!, caught);
          return;
        }
        for (const file of sameContent) {
          try {
            await copySameContent(ctx, first!, file);
          } catch (caught) {
            fail(file, caught);
          }
        }
      },
    );
    if (controller.signal.aborted && firstError === undefined) firstError = abortError(controller.signal);
    if (firstError !== undefined) throw firstError;

    clearInterval(timer);
    timer = undefined;
    emit(tracker.event());
    const elapsedMs = Date.now() - startedAtMs;
    emit({
      type: 'done',
      resultPath: plan.resultPath,
      downloadedBytes: tracker.fetchedBytes,
      totalBytes: plan.totalBytes,
      elapsedMs,
    });
    return { plan, resultPath: plan.resultPath, downloadedBytes: tracker.fetchedBytes, elapsedMs };
  } catch (caught) {
    const error = toHubgetError(caught);
    emit({ type: 'failed', error: errorInfo(error) });
    throw error;
  } finally {
    if (timer) clearInterval(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}
