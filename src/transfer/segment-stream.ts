/**
 * One ranged request for the rest of a segment, streamed to disk (the inner loop of SegmentedFetch).
 * Chunks are collected into batches and written with one positional writev per batch: per-chunk awaits,
 * thread-pool round trips and bookkeeping were what kept the main thread at 100 % CPU
 * (docs/benchmark.md). A batch is written when it reaches BATCH_MAX_BYTES, is BATCH_MAX_AGE_MS old (so
 * progress stays live on slow connections) or the segment ends. Only written bytes are recorded (resume
 * map, onBytes), so counts never run ahead of the disk.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Dispatcher } from 'undici';
import { HubgetError } from '../errors.js';
import type { TransferEvent } from '../progress/events.js';
import { type OpenedRange, openRange } from './fetch-range.js';
import { noteReceivedBytes } from './gc-pacer.js';
import type { Segment } from './segment-scheduler.js';
import type { StallReason, StallWatchdog, WatchedConnection } from './stall-watchdog.js';
import type { CurrentUrl } from './transfer-url.js';
import type { ByteRateLimiter } from './types.js';

/**
 * Bytes collected per lane before one writev (bounds memory per connection: 16 lanes hold ≤ 4 MiB).
 * Measured with the hash on the main thread (1 GiB, 16 connections, loopback): 64 KiB per write 3.3 s CPU;
 * 256 KiB 3.45 s; 512 KiB 3.17 s; 1 MiB the same speed but +5–10 MiB peak RSS (chunks held longer survive
 * young-generation GCs). With the hash on its worker thread (prefix-hasher.ts), 256 KiB beat 512 KiB in
 * interleaved runs (uncapped, 7 pairs): peak RSS median 134 → 128 MB, wall median 4.13 → 3.71 s.
 * Copying chunks into a reused lane buffer instead was measured too: more RSS, not less.
 */
const BATCH_MAX_BYTES = 256 * 1024;
/** A partial batch is written once this old, so progress and the resume map stay live on slow links. */
const BATCH_MAX_AGE_MS = 100;

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

/** A segment cancelled because another lane took over the whole file. */
export class SegmentCancelled extends Error {}

/** What the stream needs from the file transfer that owns it (SegmentedFetch). */
export interface SegmentStreamHost {
  readonly path: string;
  readonly size: number;
  readonly handle: FileHandle;
  readonly dispatcher: Dispatcher;
  readonly rateLimiters: ByteRateLimiter[];
  readonly watchdog: StallWatchdog;
  /** Aborted when the whole file transfer stops. */
  readonly signal: AbortSignal;
  emit(event: TransferEvent): void;
  /** Registers the per-request controller (a 200 takeover aborts the others through it). */
  track(segment: Segment, controller: AbortController | undefined): void;
  /** Headers arrived: remember the final URL, check the ETag, handle a 200 takeover. */
  opened(segment: Segment, current: CurrentUrl, opened: OpenedRange): void;
  /** [start, end) is on disk. */
  written(start: number, end: number): void;
  /** Bytes arrived from the network (not yet written): the adaptive controller's exact rate. */
  received(bytes: number): void;
}

/** Resolves when the segment is complete; throws (retryable or not) otherwise. */
export async function streamSegment(host: SegmentStreamHost, segment: Segment, current: CurrentUrl) {
  const { handle, rateLimiters, watchdog } = host;
  const requestController = new AbortController();
  host.track(segment, requestController);
  const requestSignal = AbortSignal.any([host.signal, requestController.signal]);
  const connection: WatchedConnection = {
    rangeStart: segment.position,
    remainingBytes: () => segment.end - segment.position,
    abort: (reason, idleMs) => {
      host.emit({ type: 'stall', path: host.path, rangeStart: segment.position, idleMs, reason });
      requestController.abort(new ConnectionReplaced(reason));
    },
  };
  const unwatch = watchdog.watch(connection);
  try {
    const opened = await openRange({
      url: current.url,
      headers: current.headers,
      start: segment.position,
      end: segment.end,
      size: host.size,
      dispatcher: host.dispatcher,
      signal: requestSignal,
    });
    host.opened(segment, current, opened);
    const requestedEnd = segment.end;
    const batch: Buffer[] = [];
    let batchBytes = 0;
    let batchStartedAtMs = 0;
    // `written` trails `segment.position` by the batch held in memory.
    let written = segment.position;
    const flush = async () => {
      if (batchBytes === 0) return;
      const buffers = batch.splice(0);
      const bytes = batchBytes;
      const start = written;
      batchBytes = 0;
      watchdog.noteBytes(connection, bytes);
      watchdog.setBusy(connection, true);
      await writevFully(handle, buffers, bytes, start);
      watchdog.setBusy(connection, false);
      written = start + bytes;
      host.written(start, written);
      noteReceivedBytes(bytes);
    };
    try {
      for await (const chunk of opened.body as AsyncIterable<Buffer>) {
        if (segment.cancelled) throw new SegmentCancelled();
        const length = Math.min(chunk.length, segment.end - segment.position);
        if (length <= 0) break;
        // Claim the bytes before awaiting so a concurrent steal splits after them (segment-scheduler.ts).
        segment.position += length;
        host.received(length);
        if (rateLimiters.length > 0 && anyLimited(rateLimiters)) {
          // A limit is active: pay for every chunk as it arrives, so the socket is paused (backpressure)
          // and the rate stays exact; unlimited limiters are skipped without an await.
          watchdog.setBusy(connection, true);
          for (const limiter of rateLimiters) await limiter.take(length, host.signal);
          watchdog.setBusy(connection, false);
        }
        if (batchBytes === 0) batchStartedAtMs = Date.now();
        batch.push(length === chunk.length ? chunk : chunk.subarray(0, length));
        batchBytes += length;
        if (
          batchBytes >= BATCH_MAX_BYTES ||
          segment.position >= segment.end ||
          Date.now() - batchStartedAtMs >= BATCH_MAX_AGE_MS
        ) {
          await flush();
        }
        // Read a complete response to its end so the socket stays reusable; stop early only when the
        // tail was stolen (the rest of the body belongs to another lane).
        if (segment.position >= segment.end && segment.end !== requestedEnd) break;
      }
      await flush();
    } catch (error) {
      // The bytes already received are good: keep them (a slow connection may hold seconds of data).
      // If that fails too, hand the unwritten part back so the next request asks for it again.
      await flush().catch(() => {});
      if (segment.position > written) segment.position = written;
      throw error;
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
  } catch (error) {
    // Prefer the reason the request was aborted with (stall/slow) over undici's generic abort error.
    if (requestController.signal.aborted && !host.signal.aborted) throw requestController.signal.reason;
    throw error;
  } finally {
    unwatch();
    host.track(segment, undefined);
  }
}

function anyLimited(limiters: ByteRateLimiter[]): boolean {
  for (const limiter of limiters) if (limiter.bytesPerSecond > 0) return true;
  return false;
}

/** Positional writev of the whole batch, continuing after short writes. */
async function writevFully(handle: FileHandle, buffers: Buffer[], length: number, position: number) {
  let offset = 0;
  let pending = buffers;
  while (offset < length) {
    const { bytesWritten } = await handle.writev(pending, position + offset);
    if (bytesWritten <= 0) throw new HubgetError('IO_ERROR', 'Write made no progress');
    offset += bytesWritten;
    if (offset >= length) return;
    // Short write: drop what was written and go on with the rest.
    let skip = bytesWritten;
    const rest: Buffer[] = [];
    for (const buffer of pending) {
      if (skip >= buffer.length) {
        skip -= buffer.length;
        continue;
      }
      rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
      skip = 0;
    }
    pending = rest;
  }
}
