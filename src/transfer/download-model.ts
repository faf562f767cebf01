/**
 * The one way hubget downloads a model, used by the CLI and the jobs service alike (they differ only in how
 * they show the events): plan → preflight → ref (local dir: bookkeeping, unfinished marker) → files (a few at once, sharing one connection budget and
 * the rate limiters) → commit each verified file → check every planned file on disk → local-dir marker
 * (finish-download.ts) → `done`. Nothing appears at a final path unverified: bytes go to
 * a temp file (with its resume map), transferFile checks size + hash, and only then the commit step
 * renames/links it (docs/hub-disk-layout.md §3.4, §3.8, §3.12,
 * docs/hub-downloaders.md §6.4).
 *
 * Abort (pause) leaves temp files and resume maps in place, so the next call resumes without fetching
 * finished ranges again; removePartialFiles() is the cancel.
 */
import { setMaxListeners } from 'node:events';
import { cacheRepoLayout, snapshotDir } from '../cache/cache-layout.js';
import { ensureCachedirTag } from '../cache/cachedir-tag.js';
import { localBookkeepingDir } from '../cache/local-dir-layout.js';
import { ensureLocalBookkeeping } from '../cache/local-dir-metadata.js';
import { writeTreeListing } from '../cache/tree-listing.js';
import { writeRef } from '../cache/write-ref.js';
import {
  DEFAULT_CONNECTION_BUDGET,
  DEFAULT_CONNECTIONS_PER_FILE,
  DEFAULT_MAX_CONCURRENT_FILES,
  DEFAULT_PROGRESS_INTERVAL_MS,
  MIN_PROGRESS_INTERVAL_MS,
} from '../defaults.js';
import { type ErrorCode, type HubgetError, isHubgetError, toHubgetError } from '../errors.js';
import { afterNextRequestSent } from '../hub/request-sent.js';
import { safeEmitter } from '../progress/safe-emitter.js';
import { downloadVerifying } from '../progress/verifying.js';
import { preloadFileLocking } from '../system/file-lock.js';
import { copySameContent, reusePresentFile } from './commit-planned-file.js';
import { countedBudget, createConnectionBudget } from './connection-budget.js';
import { forgetDeletedFiles } from './deleted-files.js';
import { assertDiskSpace } from './disk-space.js';
import { type ClaimOutcome, claimKeyOf, claimsFolderOf, RunClaims } from './download-claims.js';
import { finishDownload, markLocalDirStarted } from './finish-download.js';
import { hostRateLimitQuota } from './host-rate-limit.js';
import { LocateAhead } from './locate-ahead.js';
import { mapBounded } from './map-bounded.js';
import { type LocalFetchesRecord, splitByOtherLayout, waitForOtherLayout } from './other-layout-runs.js';
import { bytesToWrite, destinationFolderOf, planDownload } from './plan-download.js';
import { planEvent } from './plan-event.js';
import { ProgressTracker } from './progress-tracker.js';
import { rateBoundBudget, smallFileBudget } from './rate-bound-budget.js';
import { lowestLimit } from './rate-limiter.js';
import { recordMissingFiles } from './record-missing-files.js';
import { abortError, type DownloadModelOptions, errorInfo, type RunContext } from './run-context.js';
import { RunFolders } from './run-folders.js';
import { downloadOnce } from './single-flight.js';
import { missingInOrder } from './transfer-order.js';
import type { DownloadRequest, DownloadResult, PlannedFile } from './types.js';
import { announceWaiting, type ContentGroup, waitForOtherRuns } from './wait-for-other-runs.js';

export type { DownloadModelOptions } from './run-context.js';

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
  'DOWNLOAD_DELETED',
]);

export async function downloadModel(
  request: DownloadRequest,
  options: DownloadModelOptions = {},
): Promise<DownloadResult> {
  const startedAtMs = Date.now();
  // A faulty subscriber must not break the download.
  const emit = safeEmitter(options.onEvent);
  const controller = new AbortController();
  // Every concurrent file, range request and Hub call listens on this one signal.
  setMaxListeners(0, controller.signal);
  const onOuterAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onOuterAbort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  let runClaims: RunClaims | undefined;
  let otherLayoutRecord: LocalFetchesRecord | undefined;
  /** Set once the plan is made: a run that fails or is stopped after it reports its last counts first. */
  let tracker: ProgressTracker | undefined;
  /** Stops following the rate limits' changes (see speedsRestart). */
  const unwatchRates: Array<() => void> = [];

  try {
    if (controller.signal.aborted) throw abortError(controller.signal);
    // The claims' lock loads better-sqlite3: once the listing request is out, while its answer is on the
    // network (docs/transfer-engine.md, "Start-up"); an offline run has no network wait to hide it in.
    const cancelPreload = request.hub.offline ? undefined : afterNextRequestSent(preloadFileLocking);
    const plan = await planDownload(request, {
      ...options.hubCall,
      // Held by the process's `429` waits of its quota, and heard by them, as the files' requests (host-rate-limit.ts).
      quota: hostRateLimitQuota(options.hubCall?.retry, options.hubCall?.quota),
      signal: controller.signal,
      ...(options.hubConfig && { hubConfig: options.hubConfig }),
    })
      .catch(async (error: unknown) => {
        await recordMissingFiles(request, error);
        throw error;
      })
      .finally(() => cancelPreload?.());
    if (controller.signal.aborted) throw abortError(controller.signal);
    options.onPlan?.(plan);
    await options.checkPlan?.(plan, controller.signal);
    if (controller.signal.aborted) throw abortError(controller.signal);
    const presentFiles = plan.files.filter((file) => file.present);
    // One transfer per blob, in the order files start (transfer-order.ts).
    const missing = missingInOrder(plan.files);
    // The free-space check comes before the claims, which make the lock folder: a download that cannot
    // fit writes nothing at all.
    if (!options.skipDiskCheck) {
      await assertDiskSpace({
        path: destinationFolderOf(plan),
        // Copies from the HF cache take room too (local-dir mode): they were left out, and filled the disk.
        requiredBytes: bytesToWrite(plan),
        ...(options.freeBytes ? { freeBytes: options.freeBytes } : {}),
      });
    }
    // Files another run (process, or job) is fetching are left to it (download-claims.ts), announced right
    // after the plan event and before the first progress event: the CLI prints that before it draws bars.
    const keysOf = (group: ContentGroup) => group.map((file) => claimKeyOf(plan, file));
    const claims = new RunClaims(claimsFolderOf(plan));
    runClaims = claims;
    const claimedHere = await claimFiles(claims, missing, keysOf, controller.signal);
    // Files a download of the same repo in the other layout (HF cache, local dir) is fetching: copied once there.
    const split = await splitByOtherLayout(plan, claimedHere.claimed, controller.signal, claims.id);
    otherLayoutRecord = split.record;
    const { own: claimed, waiting: otherLayoutBlocked } = split;
    const blocked = [...claimedHere.blocked, ...otherLayoutBlocked];
    // Who fetches what this run waits for, each once: the plan line names them (one line, not two).
    const owners = new Map(
      blocked.map(({ run }) => [
        `${run.owner.hostname}\n${run.owner.pid}`,
        { pid: run.owner.pid, hostname: run.owner.hostname },
      ]),
    );
    emit(
      planEvent(
        request.repo.repoId,
        plan,
        claimed.flat(),
        blocked.flatMap(({ item }) => item),
        [...owners.values()],
      ),
    );
    for (const waiting of blocked) announceWaiting(emit, waiting);
    // Under a rate limit, only the connections the limit can use (rate-bound-budget.ts); the files pay the
    // view's metered limiters, which tell it whether its connections are slow.
    const limiters = options.rateLimiters ?? [];
    const counted = countedBudget(
      options.connectionBudget ?? createConnectionBudget(DEFAULT_CONNECTION_BUDGET),
    );
    const budget = rateBoundBudget(
      counted,
      limiters,
      options.connectionsPerFile ?? DEFAULT_CONNECTIONS_PER_FILE,
      options.transfer?.loopBusyMs,
    );
    // Its speeds never read above the lowest limit in force (speed-meter.ts).
    const limit = () => lowestLimit(limiters);
    const runTracker = new ProgressTracker(plan, presentFiles.length, () => budget.inUse, limit);
    tracker = runTracker;
    // Aborted (a pause, a Ctrl-C, a fatal error): the events until the run has stopped claim no speed either.
    controller.signal.addEventListener('abort', () => runTracker.runStopped(), { once: true });
    // A limit set or changed mid-download: the speed and ETA measure from then, not 5 s at the old rate
    // (reading the last rate, under the new limit, for the first second).
    for (const limiter of limiters) unwatchRates.push(limiter.onRateChange(() => runTracker.speedsRestart()));
    for (const { item } of blocked) runTracker.waitFor(item[0]!);
    emit(runTracker.event());
    const intervalMs = Math.min(
      1000,
      Math.max(MIN_PROGRESS_INTERVAL_MS, options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS),
    );
    timer = setInterval(() => emit(runTracker.event()), intervalMs);

    const layout =
      plan.destination.kind === 'cache'
        ? cacheRepoLayout(plan.destination.cacheDir, request.repo)
        : undefined;
    try {
      // snapshots/<commit>/ and refs/ always (the JS scanner stats it), refs/<revision> only for a
      // non-commit revision (write-ref.ts; docs/hub-disk-layout.md §3.5, §3.11,
      // docs/hub-downloaders.md §6.1).
      if (layout) {
        await writeRef(layout, plan.revision, plan.commit);
        await ensureCachedirTag(layout.cacheDir);
      } else if (plan.destination.kind === 'local') {
        await ensureLocalBookkeeping(plan.destination.localDir);
        // Which repo the folder holds, before its first byte: a download stopped midway is named by it.
        if (missing.length > 0) await markLocalDirStarted(plan);
      }
      // The commit's listing, kept as huggingface_hub keeps it: offline, what the snapshot lacks is known. Not
      // having it is not the download's failure (a read-only folder's own writes fail on their own).
      const listingFolder =
        plan.destination.kind === 'local'
          ? localBookkeepingDir(plan.destination.localDir)
          : destinationFolderOf(plan);
      if (plan.listing) await writeTreeListing(listingFolder, plan.commit, plan.listing).catch(() => false);
    } catch (error) {
      throw toHubgetError(error, 'IO_ERROR');
    }

    const maxFetching = options.maxConcurrentFiles ?? DEFAULT_MAX_CONCURRENT_FILES;
    const ctx: RunContext = {
      plan,
      layout,
      options: budget.limiters ? { ...options, rateLimiters: [...budget.limiters] } : options,
      budget,
      smallFileBudget: smallFileBudget(counted, limiters),
      fetchSlots: createConnectionBudget(maxFetching),
      signal: controller.signal,
      tracker: runTracker,
      // A file's wait for the Hub is neither fetching time nor shorter than the ETA (ProgressTracker.noteRetry).
      emit: (event) => {
        if (event.type === 'retry') runTracker.noteRetry(event);
        emit(event);
      },
      // The event is built only when it is sent: for 300 small files, building one per file to decide was
      // ≈ 4 % of the main thread's time.
      fileFetched: () => {
        const progress = {
          downloaded: runTracker.downloaded(),
          total: runTracker.plan.totalBytes,
          filesDone: runTracker.filesDone,
          filesTotal: runTracker.plan.files.length,
        };
        if (downloadVerifying(progress)) emit(runTracker.event());
      },
      folders: new RunFolders(),
      locateAhead: new LocateAhead(),
    };
    if (layout) ctx.folders.markCreated(snapshotDir(layout, plan.commit));
    for (const file of presentFiles) await reusePresentFile(ctx, file);
    let firstError: HubgetError | undefined;
    const fail = (file: PlannedFile, caught: unknown): void => {
      const error = toHubgetError(caught);
      // A file waited for that could not be put in place leaves the waiting files (a fetched one was dropped
      // by download-file.ts, which knows whether its temp file is kept).
      runTracker.drop(file);
      if (error.code !== 'ABORTED') emit({ type: 'file-failed', path: file.path, error: errorInfo(error) });
      if (firstError === undefined || (firstError.code === 'ABORTED' && error.code !== 'ABORTED')) {
        firstError = error;
      }
      if (FATAL_CODES.has(error.code) && !controller.signal.aborted) controller.abort(error);
    };
    /** `afterOtherRun`: claimed once the run that had it was gone (it may be on disk, or partly fetched). */
    const fetchGroup = async ([first, ...sameContent]: ContentGroup, afterOtherRun: boolean) => {
      // Once aborted (a fatal error, a cancel), the files not started yet are skipped.
      if (controller.signal.aborted) return;
      try {
        await downloadOnce(ctx, first!, afterOtherRun);
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
    };
    // Up to maxFetching files fetch (ctx.fetchSlots) while as many more are verified and committed.
    await Promise.all([
      mapBounded(claimed, 2 * maxFetching, (group) => fetchGroup(group, false)),
      waitForOtherLayout(otherLayoutBlocked, {
        ctx,
        fetch: async (ready) => {
          await mapBounded(ready, 2 * maxFetching, (group) => fetchGroup(group, true));
        },
      }),
      waitForOtherRuns(claimedHere.blocked, {
        ctx,
        claims,
        keysOf,
        fetch: async (freed) => {
          await mapBounded(freed, 2 * maxFetching, (group) => fetchGroup(group, true));
        },
        fail,
      }),
    ]);
    if (controller.signal.aborted && firstError === undefined) firstError = abortError(controller.signal);
    if (firstError !== undefined) throw firstError;

    clearInterval(timer);
    timer = undefined;
    await finishDownload(plan);
    emit(runTracker.event());
    const elapsedMs = Date.now() - startedAtMs;
    emit({
      type: 'done',
      resultPath: plan.resultPath,
      downloadedBytes: runTracker.fetchedBytes,
      copiedBytes: runTracker.copiedBytes,
      ...(runTracker.copiedBytes > 0 && { copiedFrom: runTracker.copiedFrom() }),
      ...(runTracker.linkedBytes > 0 && { linkedBytes: runTracker.linkedBytes }),
      otherRunBytes: runTracker.otherRunBytes,
      totalBytes: plan.totalBytes,
      elapsedMs,
      fetchingMs: runTracker.fetchingMs(),
      hubWaitedMs: runTracker.hubWaitedMs(),
    });
    return {
      plan,
      resultPath: plan.resultPath,
      downloadedBytes: runTracker.fetchedBytes,
      copiedBytes: runTracker.copiedBytes,
      elapsedMs,
    };
  } catch (caught) {
    const error = toHubgetError(caught);
    // The bytes written since the last progress event count too (a paused job's fetched total, the CLI's
    // last bar): one last reading, then the failure. It claims no speed or ETA: nothing arrives any more.
    if (tracker) {
      tracker.runStopped();
      // Files deleted under the run: its last reading counts only what is still on disk, and each file it
      // counted no more is said failed (a job's row of a finished file would read verified, with nothing there).
      if (error.code === 'DOWNLOAD_DELETED') {
        const lost = await forgetDeletedFiles(tracker).catch(() => []);
        for (const file of lost) emit({ type: 'file-failed', path: file.path, error: errorInfo(error) });
      }
      emit(tracker.event());
    }
    emit({ type: 'failed', error: errorInfo(error) });
    throw error;
  } finally {
    for (const unwatch of unwatchRates) unwatch();
    if (timer) clearInterval(timer);
    await runClaims?.release();
    await otherLayoutRecord?.release();
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/**
 * Claims the missing files for this run. Where the claims folder cannot be used (a read-only `.locks`, a file
 * system without locks) the run claims everything and goes on as hubget did before claims: correct still
 * (unique temp names, atomic renames, docs/hub-downloaders.md §6.5), only not protected from a second hubget fetching
 * the same bytes.
 */
async function claimFiles(
  claims: RunClaims,
  missing: ContentGroup[],
  keysOf: (group: ContentGroup) => readonly string[],
  signal: AbortSignal,
): Promise<Pick<ClaimOutcome<ContentGroup>, 'claimed' | 'blocked'>> {
  if (missing.length === 0) return { claimed: [], blocked: [] };
  try {
    return await claims.claim(missing, keysOf, signal);
  } catch (error) {
    if (signal.aborted) throw abortError(signal);
    if (isHubgetError(error, 'INTERNAL_ERROR')) throw error;
    return { claimed: missing, blocked: [] };
  }
}
