/**
 * One segment of a file fetched to its end (segmented-fetch.ts): streamed over its lane, retried after a
 * failure with the retry policy's delays (hub/retry-policy.ts), on a fresh URL when a signed one expired; held
 * back, without a failure, while another request's `429` wait for its quota lasts (host-rate-limit.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { HubgetError } from '../errors.js';
import { ofFile } from '../format/path-punctuation.js';
import { heldByRateLimitError } from '../hub/held-by-rate-limit.js';
import {
  FailureStreak,
  givesUp,
  nextTryIsLast,
  type RetryPolicy,
  retryDelayMs,
  retryLimit,
  unreachableOf,
} from '../hub/retry-policy.js';
import { classifyTransferError } from './classify-error.js';
import { noteRateLimited } from './host-rate-limit.js';
import { retryErrorInfo } from './run-context.js';
import type { Segment } from './segment-scheduler.js';
import {
  ConnectionReplaced,
  SegmentCancelled,
  type SegmentStreamHost,
  streamSegment,
} from './segment-stream.js';
import type { SegmentedFetchOptions } from './segmented-fetch-options.js';
import type { TransferUrl } from './transfer-url.js';
import type { RequestGate } from './types.js';

/** What a segment's retries need of its file's fetch. */
export interface SegmentRetryHost {
  url: TransferUrl;
  retry: RetryPolicy;
  /**
   * Asked before each request (RequestGate): a wait of its quota is waited out first (no failure), a refusal is
   * retried after the wait it names, as a `429` is; told of each `429`.
   */
  gate?: RequestGate;
  emit: SegmentedFetchOptions['emit'];
  path: string;
  /** The file's fetch stopped (aborted or failed). */
  signal: AbortSignal;
  /** The segment's lane waits out a retry delay (true) or goes on (false): no connection open meanwhile. */
  retryWait(waiting: boolean): void;
  /** The file's connections open now (in a request): its retry events say them (`connectionsOpen`). */
  open(): number;
}

export async function fetchSegment(
  retryHost: SegmentRetryHost,
  segment: Segment,
  host: SegmentStreamHost,
): Promise<void> {
  const { url, retry: policy, signal } = retryHost;
  const failures = new FailureStreak();
  while (segment.position < segment.end && !segment.cancelled && !signal.aborted) {
    const positionBefore = segment.position;
    let error: HubgetError;
    try {
      const current = await url.current();
      const heldMs = retryHost.gate?.heldMs?.(current.url);
      if (heldMs !== undefined) {
        // Another request's `429` holds its quota: this one waits without asking, no failure, the probe let go.
        url.settled(current);
        const held = heldByRateLimitError(heldMs, current.url);
        if (!(await waitBeforeTry(retryHost, segment, failures, held, heldMs, true))) return;
        continue;
      }
      try {
        // Refused, it settles the URL's probe as a failed request does (the other lanes wait on it).
        retryHost.gate?.check?.(current.url);
        await streamSegment(host, segment, current);
        return;
      } catch (caught) {
        // A `429`'s wait holds the requests of its quota before the lanes waiting on this one go on.
        noteRateLimited(retryHost.gate, current.url, caught, retryHost.retry);
        url.settled(current);
        // Nothing left to ask for: cancelled, stopped, or cut short meanwhile (capInFlight).
        const over = segment.cancelled || signal.aborted || segment.position >= segment.end;
        if (caught instanceof SegmentCancelled || over) return;
        error = classifyTransferError(caught);
        if (segment.position > positionBefore) failures.reset();
        if (error instanceof ConnectionReplaced && error.reason === 'slow-connection') continue;
        if (!error.retryable) throw error;
        if (error.code !== 'URL_EXPIRED') throw error;
        // Signed URL expired: fetch a fresh one and go on without counting a failure.
        await url.refresh(current.generation, error);
        continue;
      }
    } catch (caught) {
      if (segment.cancelled || signal.aborted) return;
      error = classifyTransferError(caught);
      if (!error.retryable) throw error;
    }
    failures.add(error);
    // An outage (nothing answers now, whatever broke the connection first) or 5xx answers may last longer.
    const givenUp = givesUp(error, failures, policy);
    if (givenUp !== null) {
      throw new HubgetError(
        'TRANSFER_FAILED',
        ofFile(
          retryHost.path,
          `gave up on bytes ${segment.position}-${segment.end - 1} ${givenUp} without progress: ${error.message}`,
        ),
        { cause: error, status: error.status },
      );
    }
    const delayMs = retryDelayMs(error, failures.count, policy);
    if (!(await waitBeforeTry(retryHost, segment, failures, error, delayMs))) return;
  }
}

/**
 * Waits `delayMs` before the segment's next try after `error` (a failure, or, `held`, another request's `429`: then
 * `failures` has none more), said as a `retry` event; false when the wait ended early (waitToRetry).
 */
async function waitBeforeTry(
  retryHost: SegmentRetryHost,
  segment: Segment,
  failures: FailureStreak,
  error: HubgetError,
  delayMs: number,
  held = false,
): Promise<boolean> {
  const policy = retryHost.retry;
  // A held request that never failed starts no time without progress: its wait brings no budget to its end.
  const lastTry = nextTryIsLast(error, failures, policy, held && failures.count === 0 ? 0 : delayMs);
  // Waiting before the event: its file's connections open, and the engine's look at them, leave this one out.
  retryHost.retryWait(true);
  try {
    retryHost.emit({
      type: 'retry',
      path: retryHost.path,
      attempt: failures.count,
      delayMs,
      error: retryErrorInfo(error),
      ...unreachableOf(error),
      limit: retryLimit(error, policy),
      ...(lastTry && { lastTry: true }),
      ...(held && { held: true as const }),
      connectionsOpen: retryHost.open(),
    });
    return await waitToRetry(segment, delayMs, retryHost.signal);
  } finally {
    retryHost.retryWait(false);
  }
}

/**
 * Waits out a retry delay; false when the file's fetch stopped meanwhile, or another connection took the segment's
 * bytes (segment-scheduler.ts: a connection that asks for more takes a waiting segment's bytes, and ends the wait).
 */
async function waitToRetry(segment: Segment, delayMs: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  const wake = new AbortController();
  const stop = () => wake.abort();
  signal.addEventListener('abort', stop, { once: true });
  segment.stopWait = stop;
  try {
    return await sleep(delayMs, true, { signal: wake.signal }).catch(() => false);
  } finally {
    segment.stopWait = undefined;
    signal.removeEventListener('abort', stop);
  }
}
