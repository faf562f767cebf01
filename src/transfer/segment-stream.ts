/**
 * One ranged request for the rest of a segment, written to disk (the inner loop of SegmentedFetch): the
 * request goes through undici's dispatch API (range-request.ts) and its chunks into a LaneWriter
 * (lane-writer.ts: batched positional writes, backpressure, rate limits). The watchdog watches it; what was
 * received before an error is still written and kept.
 */

import type { Dispatcher } from 'undici';
import { HubgetError } from '../errors.js';
import type { TransferEvent } from '../progress/events.js';
import { LaneWriter, SegmentCancelled, TailStolen } from './lane-writer.js';
import { type RangeResponse, requestRange } from './range-request.js';
import type { Segment } from './segment-scheduler.js';
import type { StallReason, StallWatchdog, WatchedConnection } from './stall-watchdog.js';
import type { TempHandle } from './temp-handle.js';
import type { CurrentUrl } from './transfer-url.js';
import type { ByteRateLimiter } from './types.js';

/** Thrown into a request's signal by the watchdog; not a failure of the server when reason is 'slow'. */
export class ConnectionReplaced extends HubgetError {
  constructor(readonly reason: StallReason) {
    super(
      'STALLED',
      reason === 'no-data' ? 'No bytes arrived within the stall timeout' : 'Connection too slow',
      { retryable: true, details: { reason } },
    );
  }
}

export { SegmentCancelled, TailStolen };

/** What the stream needs from the file transfer that owns it (SegmentedFetch). */
export interface SegmentStreamHost {
  readonly path: string;
  readonly size: number;
  readonly handle: TempHandle;
  readonly dispatcher: Dispatcher;
  readonly rateLimiters: ByteRateLimiter[];
  readonly watchdog: StallWatchdog;
  /** Aborted when the whole file transfer stops. */
  readonly signal: AbortSignal;
  emit(event: TransferEvent): void;
  /** Registers the per-request controller (a 200 takeover aborts the others through it). */
  track(segment: Segment, controller: AbortController | undefined): void;
  /** Headers arrived: remember the final URL, check the ETag, handle a 200 takeover. */
  opened(segment: Segment, current: CurrentUrl, response: RangeResponse): void;
  /** [start, end) is on disk; `bytes` are those bytes, valid only during the call (a pooled batch). */
  written(start: number, end: number, bytes: Buffer): void;
  /** Bytes arrived from the network (not yet written): the adaptive controller's exact rate. */
  received(bytes: number): void;
}

/** Resolves when the segment is complete; throws (retryable or not) otherwise. */
export async function streamSegment(host: SegmentStreamHost, segment: Segment, current: CurrentUrl) {
  // Cut short before its request was sent (SegmentScheduler.capInFlight): nothing left to ask for.
  if (segment.position >= segment.end) return;
  // What this request asks for; bytes up to here may arrive even if `end` shrinks meanwhile.
  segment.requestEnd = segment.end;
  const requestController = new AbortController();
  host.track(segment, requestController);
  // The request ends with the file transfer too. A listener, not AbortSignal.any: Node 20's any() builds a
  // composite signal with weak references to both sources on every request (≈ 1.5 % of the main thread's
  // busy time for 300 small files in the profile).
  if (host.signal.aborted) requestController.abort(host.signal.reason);
  const onHostAbort = () => requestController.abort(host.signal.reason);
  host.signal.addEventListener('abort', onHostAbort, { once: true });
  const requestSignal = requestController.signal;
  const connection: WatchedConnection = {
    rangeStart: segment.position,
    remainingBytes: () => segment.end - segment.position,
    abort: (reason, idleMs) => {
      host.emit({ type: 'stall', path: host.path, rangeStart: segment.position, idleMs, reason });
      requestController.abort(new ConnectionReplaced(reason));
    },
  };
  const unwatch = host.watchdog.watch(connection);
  const writer = new LaneWriter(host, segment, connection, (response) =>
    host.opened(segment, current, response),
  );
  try {
    try {
      await requestRange(
        {
          url: current.url,
          headers: current.headers,
          start: segment.position,
          end: segment.end,
          size: host.size,
          dispatcher: host.dispatcher,
          signal: requestSignal,
        },
        writer,
      );
    } catch (error) {
      if (!(error instanceof TailStolen)) throw error;
    }
    await writer.finish();
  } catch (error) {
    // The bytes already received are good: keep them (a slow connection may hold seconds of data).
    // If that fails too, hand the unwritten part back so the next request asks for it again.
    await writer.finish().catch(() => {});
    if (segment.position > writer.written) segment.position = writer.written;
    // Prefer the reason the request was aborted with (stall/slow) over undici's generic abort error.
    if (requestController.signal.aborted && !host.signal.aborted) throw requestController.signal.reason;
    throw error;
  } finally {
    host.signal.removeEventListener('abort', onHostAbort);
    unwatch();
    host.track(segment, undefined);
  }
  if (segment.cancelled) throw new SegmentCancelled();
  if (segment.position < segment.end) {
    if (requestSignal.aborted) throw requestSignal.reason;
    throw new HubgetError(
      'TRANSFER_FAILED',
      `Response ended early at byte ${segment.position} of ${segment.start}-${segment.end - 1}`,
      { retryable: true },
    );
  }
}
