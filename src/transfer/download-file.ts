/**
 * One missing file of a run: resolve where its bytes are, pick (or resume) its temp file, fetch and verify
 * it, commit it; fetched once more when its content fails the hash check.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { chooseTempFile, freshTempFile, type TempFile } from '../cache/temp-files.js';
import { DEFAULT_CONNECTIONS_PER_FILE } from '../defaults.js';
import { diskFullWhileWriting, HubgetError, toHubgetError } from '../errors.js';
import { ofFile } from '../format/path-punctuation.js';
import { httpDispatcher } from '../hub/http.js';
import { refusalInContext } from '../hub/hub-errors.js';
import { retryPolicy } from '../hub/retry-policy.js';
import { atDefaultCap } from '../progress/connections-reason.js';
import { valueWithin } from '../value-within.js';
import { commitFile, commitLinkedBlob, copyFromCache } from './commit-planned-file.js';
import { deletionError, tempWasDeleted } from './deleted-files.js';
import { tempDiscardedBy } from './discarded-temps.js';
import { fileUrlResolver } from './file-url.js';
import { adoptForeignPartial, removeForeignPartials } from './foreign-partials.js';
import { noteFileFinished } from './gc-pacer.js';
import { hostRateLimitGate } from './host-rate-limit.js';
import {
  LOCATE_AHEAD_MAX_BYTES,
  LOCATE_GRACE_MS,
  type LocatedUrl,
  locateFile,
  withLocatedUrl,
} from './locate-ahead.js';
import { expectedContentOf, tempPrefixOf } from './plan-download.js';
import { CONNECTION_READ_AHEAD_BYTES } from './rate-bound-budget.js';
import { currentHub, errorInfo, type RunContext } from './run-context.js';
import {
  abandonOpenedTemp,
  type OpenedTemp,
  openTransferTemp,
  type TransferFileParams,
  transferFile,
} from './transfer-file.js';
import type { ConnectionBudget, PlannedFile, UrlResolver } from './types.js';

/** A file whose content fails the hash check is fetched once more, then reported. */
const MAX_ATTEMPTS_ON_INTEGRITY_MISMATCH = 2;

function hashOfEmpty(algorithm: PlannedFile['algorithm']): string {
  return algorithm === 'sha256'
    ? createHash('sha256').digest('hex')
    : createHash('sha1').update('blob 0\0').digest('hex');
}

/**
 * One GET on the file's /resolve/ URL follows the redirects (file-url.ts); no HEAD per file. Built with the
 * Hub settings in effect when the file starts (a running job follows a changed endpoint or token).
 */
function urlResolverFor(ctx: RunContext, file: PlannedFile): UrlResolver {
  return fileUrlResolver(currentHub(ctx), ctx.plan.request.repo, ctx.plan.commit, file.path);
}

/**
 * The temp file for a transfer: a fresh name when the run's first look at the temp folders found nothing
 * for this file (no readdir per file), else the full lookup, which resumes the newest resumable one, or
 * else takes another program's partial download of it, here or (first attempt only: a prefix that failed the
 * hash check is not taken twice) in the other layout (foreign-partials.ts, other-layout-partials.ts); not for
 * a file that is to be copied from a file on disk (`cachedBlobPath`, copy-finder.ts).
 */
async function chooseTemp(
  ctx: RunContext,
  file: PlannedFile,
  tempsMayBeThere: boolean,
  attempt: number,
): Promise<TempFile> {
  const prefix = tempPrefixOf(ctx.plan, file);
  const otherPrefixes = attempt === 1 ? (file.otherLayoutPrefixes ?? []) : [];
  if (!tempsMayBeThere && otherPrefixes.length === 0) return freshTempFile(prefix);
  const chosen = tempsMayBeThere ? await chooseTempFile(prefix) : freshTempFile(prefix);
  if (chosen.resumed || file.size === 0 || (attempt === 1 && file.cachedBlobPath !== undefined))
    return chosen;
  return (await adoptForeignPartial(prefix, expectedContentOf(file), otherPrefixes)) ?? chosen;
}

/**
 * The temp file of a file that will be fetched, opened before its fetch slot is free, so opening (a thread-pool
 * round trip) overlaps other files' transfers instead of holding the slot; undefined for a file that may
 * be copied from a file on disk (`cachedBlobPath`) or is empty, which handle their temp file themselves.
 */
async function openWhileWaiting(
  ctx: RunContext,
  file: PlannedFile,
  attempt: number,
  transfer: TransferFileParams,
): Promise<OpenedTemp | undefined> {
  if (file.size === 0 || (attempt === 1 && file.cachedBlobPath !== undefined)) return undefined;
  try {
    await ctx.folders.ensure(dirname(transfer.tempPath));
    return await openTransferTemp(transfer);
  } catch (error) {
    throw toHubgetError(error, 'IO_ERROR');
  }
}

interface Locating {
  /** The located URL once the file has its slot: waits up to LOCATE_GRACE_MS for the ask, then drops it. */
  located(): Promise<LocatedUrl | undefined>;
  cancel(): void;
}

/**
 * A small file that must wait for its fetch slot asks meanwhile where its bytes are (locate-ahead.ts), so its
 * slot starts with the GET of the bytes; undefined when it will not wait or is not fetched fresh from the network.
 */
function locateWhileWaiting(
  ctx: RunContext,
  file: PlannedFile,
  opened: OpenedTemp | undefined,
  transfer: TransferFileParams,
): Locating | undefined {
  if (!opened || file.size > LOCATE_AHEAD_MAX_BYTES || ctx.fetchSlots.available > 0) return undefined;
  const controller = new AbortController();
  // Dropping an ask that has already answered aborts nothing: no abort then (each abort without a reason
  // builds a DOMException with its stack, ≈ 2 % of the main thread's time for 300 small files).
  let settled = false;
  const drop = () => {
    if (!settled) controller.abort();
  };
  const onAbort = () => controller.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const asking = locateFile(
    {
      resolveUrl: transfer.resolveUrl,
      size: file.size,
      dispatcher: transfer.dispatcher ?? httpDispatcher(),
      signal: controller.signal,
      gate: transfer.requestGate,
      retry: retryPolicy(transfer.retryPolicy),
    },
    ctx.locateAhead,
    budgetOf(ctx, file),
  ).finally(() => {
    settled = true;
    ctx.signal.removeEventListener('abort', onAbort);
  });
  return {
    async located() {
      try {
        return await valueWithin(asking, LOCATE_GRACE_MS, undefined);
      } finally {
        drop();
      }
    },
    cancel: drop,
  };
}

/** A small file's connections are its own under a rate limit (rate-bound-budget.ts, smallFileBudget). */
function budgetOf(ctx: RunContext, file: PlannedFile): ConnectionBudget {
  return file.size <= CONNECTION_READ_AHEAD_BYTES ? ctx.smallFileBudget : ctx.budget;
}

/**
 * Fetch, verify and commit one missing file; retries once on INTEGRITY_MISMATCH. `waited`: another
 * transfer of the same blob ran first, so temp files may have appeared since the run's first look.
 */
export async function downloadFile(ctx: RunContext, file: PlannedFile, waited: boolean): Promise<void> {
  const resolveUrl = urlResolverFor(ctx, file);
  for (let attempt = 1; ; attempt++) {
    // The run's first look at the temp folder holds for this file unless it waited for another transfer of it.
    const tempsMayBeThere =
      attempt > 1 || waited || (await ctx.folders.mayHaveTemps(tempPrefixOf(ctx.plan, file)));
    const temp = await chooseTemp(ctx, file, tempsMayBeThere, attempt);
    const transfer: TransferFileParams = {
      path: file.path,
      resolveUrl,
      expected: expectedContentOf(file),
      tempPath: temp.tempPath,
      resumeMapPath: temp.resumeMapPath,
      freshTemp: !temp.resumed,
      connections: ctx.options.connectionsPerFile ?? DEFAULT_CONNECTIONS_PER_FILE,
      watchConnections: (reading) =>
        ctx.tracker.watchConnections(
          file,
          ctx.options.connectionsPerFile === undefined ? atDefaultCap(reading) : reading,
        ),
      ...(ctx.options.rateLimiters ? { rateLimiters: ctx.options.rateLimiters } : {}),
      // As given (a function stays one): the watchdog reads it at every check, so a changed setting applies.
      ...(ctx.options.stallTimeoutMs !== undefined && { stallTimeoutMs: ctx.options.stallTimeoutMs }),
      signal: ctx.signal,
      onBytes: (bytes: number) => ctx.tracker.bytes(file, bytes),
      onConnectionsChanged: () => ctx.tracker.connectionsChanged(file),
      onEvent: ctx.emit,
      ...(ctx.options.onRangeWritten && { onRangeWritten: ctx.options.onRangeWritten }),
      // transferFile starts the file over once when its content changed on the server (CONTENT_CHANGED): the
      // bytes it had go, as after a failed hash check, and the progress says so.
      onTempRestart: (tempPath, why) => {
        ctx.options.onTempRestart?.(tempPath, why);
        announceDiscarded(ctx, file, why);
      },
      connectionBudget: budgetOf(ctx, file),
      ...ctx.options.transfer,
      // Held while another request's `429` wait for its quota lasts, this download's or another's of the process.
      requestGate: hostRateLimitGate(() => currentHub(ctx), ctx.options.transfer?.requestGate),
    };
    const opened = await openWhileWaiting(ctx, file, attempt, transfer);
    const locating = locateWhileWaiting(ctx, file, opened, transfer);
    // Held until the bytes are on disk (transferFile's onFetched), not while the file is verified and committed.
    let releaseFetchSlot: () => void;
    try {
      releaseFetchSlot = await ctx.fetchSlots.acquire(ctx.signal);
    } catch (error) {
      locating?.cancel();
      if (opened) await abandonOpenedTemp(opened);
      throw error;
    }
    // What the temp file holds now, from the resume map just read to open it: not the plan's partialBytes,
    // which a file waited for and taken over has outgrown (the other download kept writing it).
    const resumedBytes = opened?.done.totalBytes ?? 0;
    ctx.tracker.start(file, resumedBytes);
    const copying = attempt === 1 && file.cachedBlobPath !== undefined;
    ctx.emit({
      type: 'file-start',
      path: file.path,
      size: file.size,
      resumedBytes,
      ...(copying && { copying: true as const }),
    });
    try {
      if (!opened) await ctx.folders.ensure(dirname(temp.tempPath));
      const copied = attempt === 1 ? await copyFromCache(ctx, file, temp) : false;
      if (copied) {
        // A resumed temp file's map described what the copy replaced: it goes at the commit.
        if (copied === 'linked') await commitLinkedBlob(ctx, file);
        else await commitFile(ctx, file, temp.tempPath, temp.resumed ? temp.resumeMapPath : undefined);
        if (tempsMayBeThere) await removeForeignPartials(tempPrefixOf(ctx.plan, file));
        if (file.copiedFromOtherRun) ctx.tracker.otherRunBytes += file.size;
        else ctx.tracker.copied(file, copied === 'linked');
        ctx.tracker.finish(file);
        ctx.emit({ type: 'file-done', path: file.path, size: file.size, reused: true });
        return;
      }
      if (file.size === 0) {
        // No range request for empty content; still verify the expected hash before committing.
        if (hashOfEmpty(file.algorithm) !== file.blobId) {
          throw new HubgetError(
            'INTEGRITY_MISMATCH',
            ofFile(file.path, `empty content does not match ${file.blobId}`),
          );
        }
        await writeFile(temp.tempPath, '');
        ctx.emit({ type: 'file-verified', path: file.path, algorithm: file.algorithm });
      } else {
        ctx.tracker.fetchStarted(file);
        const located = await locating?.located();
        await transferFile(
          {
            ...transfer,
            resolveUrl: withLocatedUrl(transfer.resolveUrl, located),
            onFetched: () => {
              ctx.tracker.fetchEnded(file);
              releaseFetchSlot();
              ctx.fileFetched();
            },
          },
          opened,
        );
      }
      // Empty files: a resumed temp's sidecar is still there; transferFile deleted its own map.
      await commitFile(ctx, file, temp.tempPath, file.size === 0 ? temp.resumeMapPath : undefined);
      // Only where another program's temp name was seen at the run's first look (or since: after a wait).
      if (tempsMayBeThere) await removeForeignPartials(tempPrefixOf(ctx.plan, file));
      ctx.tracker.finish(file);
      ctx.emit({ type: 'file-done', path: file.path, size: file.size, reused: false });
      noteFileFinished();
      return;
    } catch (caught) {
      let thrown = toHubgetError(caught);
      // Its temp file was deleted under it (its folder removed, deleted-files.ts): say what is gone; nothing kept.
      const tempGone = await tempWasDeleted(thrown, temp.tempPath);
      if (tempGone) thrown = await deletionError(ctx.plan, file.path, temp.tempPath);
      // Once the run is aborted (pause, or another file's fatal error) every file just reports ABORTED; but for a
      // file whose temp file went too (file-failed: its row shows nothing kept).
      const error =
        ctx.signal.aborted && !tempGone
          ? new HubgetError('ABORTED', 'The download was aborted', { cause: caught })
          : diskFullWhileWriting(thrown, file.path, dirname(temp.tempPath));
      if (error.code === 'INTEGRITY_MISMATCH' && attempt < MAX_ATTEMPTS_ON_INTEGRITY_MISMATCH) {
        // transferFile deleted the bad temp file and its map; the next attempt starts from zero.
        announceDiscarded(ctx, file, error);
        continue;
      }
      // What it wrote stays counted as on disk, unless transferFile deleted its temp file.
      ctx.tracker.drop(file, !tempGone && !tempDiscardedBy(thrown));
      // The Hub refused the file's /resolve/ GET (gated, missing): say so with the repo and the token's part.
      const hub = currentHub(ctx);
      throw refusalInContext(error, {
        endpoint: hub.endpoint,
        repo: ctx.plan.request.repo,
        revision: ctx.plan.revision,
        path: file.path,
        tokenSent: hub.token !== undefined,
        ...(hub.tokenFrom !== undefined && { tokenFrom: hub.tokenFrom }),
      });
    } finally {
      locating?.cancel();
      releaseFetchSlot();
    }
  }
}

/** The file's bytes were thrown away and it starts from zero (`why`): its count restarts, and the event says so. */
function announceDiscarded(ctx: RunContext, file: PlannedFile, why: HubgetError): void {
  ctx.emit({
    type: 'file-discarded',
    path: file.path,
    discardedBytes: ctx.tracker.reset(file),
    error: errorInfo(why),
  });
}
