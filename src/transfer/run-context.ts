/**
 * What every step of one download run shares: the plan, the options, the signal, the progress tracker
 * and the run's memo of folders. Plus the small helpers all steps use.
 */

import type { CacheRepoLayout } from '../cache/cache-layout.js';
import { type ErrorCode, HubgetError, isHubgetError } from '../errors.js';
import { type HubCallOptions, type HubSource, hubNow } from '../hub/hub-request.js';
import type { HubConfig } from '../hub/types.js';
import type { RetryError, TransferEvent } from '../progress/events.js';
import type { FreeBytesFunction } from './disk-space.js';
import type { LocateAhead } from './locate-ahead.js';
import type { ProgressTracker } from './progress-tracker.js';
import type { RunFolders } from './run-folders.js';
import type { TransferFileParams } from './transfer-file.js';
import type { ConnectionBudget, DownloadOptions, DownloadPlan, DownloadRequest } from './types.js';

/** Extra knobs on top of the DownloadOptions contract (compatible extension). */
export interface DownloadModelOptions extends DownloadOptions {
  /** Free-space probe for the preflight (tests simulate a full disk with it). */
  freeBytes?: FreeBytesFunction;
  /** Passed to every transferFile call (tests shrink segments and backoff; custom dispatcher). */
  transfer?: Pick<TransferFileParams, 'tuning' | 'retryPolicy' | 'requestGate' | 'dispatcher' | 'loopBusyMs'>;
  /** Passed to Hub API calls (listing, file resolution): retry tuning, dispatcher. */
  hubCall?: Omit<HubCallOptions, 'signal'>;
}

export function errorInfo(error: HubgetError): { code: ErrorCode; message: string } {
  return { code: error.code, message: error.message };
}

/**
 * errorInfo of a failure to be retried (a `retry` event's), with the wait the server asked for when it asked and
 * the URL that answered (`details.url`, set redacted where an HTTP answer becomes the error) when one did.
 */
export function retryErrorInfo(error: HubgetError): RetryError {
  const url = error.details?.url;
  return {
    ...errorInfo(error),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(typeof url === 'string' && error.status !== undefined ? { url } : {}),
  };
}

export interface RunContext {
  plan: DownloadPlan;
  layout: CacheRepoLayout | undefined;
  options: DownloadModelOptions;
  budget: ConnectionBudget;
  /** The connections of small files under a rate limit (rate-bound-budget.ts, smallFileBudget); else `budget`. */
  smallFileBudget: ConnectionBudget;
  /**
   * Files fetching at once (`maxConcurrentFiles`): a file holds a slot from its start until its bytes are
   * on disk, not while it is hashed and committed, so the next file's requests overlap that disk work.
   */
  fetchSlots: ConnectionBudget;
  signal: AbortSignal;
  tracker: ProgressTracker;
  emit: (event: TransferEvent) => void;
  /**
   * A file's bytes are all on disk (before its hash tail and commit): when that completes the whole download,
   * a progress event goes out at once, so every face can say "verifying" (src/progress/verifying.ts) without
   * waiting for the next periodic one, which may come after the download has finished.
   */
  fileFetched: () => void;
  /** Folders created and temp folders listed in this run. */
  folders: RunFolders;
  /** Whether small files waiting for a slot ask where their bytes are (locate-ahead.ts). */
  locateAhead: LocateAhead;
}

/**
 * The run's Hub settings, read at each Hub call: `options.hubConfig` (a running job follows a changed
 * endpoint or token), else the request's. The plan's listing and the files' requests alike.
 */
export function liveHub(
  request: Pick<DownloadRequest, 'hub'>,
  options: Pick<DownloadOptions, 'hubConfig'>,
): HubSource {
  return options.hubConfig ?? request.hub;
}

/** The Hub settings in effect now (a running job follows a changed endpoint or token). */
export function currentHub(ctx: Pick<RunContext, 'plan' | 'options'>): HubConfig {
  return hubNow(liveHub(ctx.plan.request, ctx.options));
}

export function abortError(signal: AbortSignal): HubgetError {
  const reason: unknown = signal.reason;
  if (isHubgetError(reason)) return reason;
  return new HubgetError('ABORTED', 'The download was aborted', { cause: reason });
}
