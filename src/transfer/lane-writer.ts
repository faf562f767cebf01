/**
 * The body sink of one range request (segment-stream.ts): copies the chunks into pooled batch buffers
 * (batch-buffers.ts) and writes each batch with one positional write (positional-write.ts: synchronous into
 * the page cache, on the thread pool when the disk pushes back; then the next batch fills while one write
 * is in flight per connection); the socket is paused only when the next batch is full before the write
 * finished, or while a rate limit is being paid. Under a rate limit a chunk is written, then paid for; under a
 * limit so low that a chunk is more than its bucket, paid for first, in pieces of the bucket (pacedPieceBytes),
 * each written once paid, so its bytes reach the disk at the limit's pace. Only written bytes are recorded
 * (host.written), so counts never run ahead of the disk.
 */

import { BATCH_MAX_BYTES, returnBatchBuffer, takeBatchBuffer } from './batch-buffers.js';
import { noteReceivedBytes } from './gc-pacer.js';
import type { TempHandle } from './temp-handle.js';
// Side effect: garbage is collected on the main thread, without V8's helper threads (gc-threads.ts).
import './gc-threads.js';
import { writeBatch } from './positional-write.js';
import type { RangeBodySink, RangeControl, RangeResponse } from './range-request.js';
import { anyLimited, pacedPieceBytes } from './rate-limiter.js';
import type { Segment } from './segment-scheduler.js';
import type { StallWatchdog, WatchedConnection } from './stall-watchdog.js';
import type { ByteRateLimiter } from './types.js';

/**
 * A partial batch is written once this old, so progress and the resume map stay live on slow links: when the
 * next chunk comes, or, while a rate limit holds the socket (no chunk may come for seconds: 64 KiB at 2 kB/s
 * is 32 s), by a timer.
 */
export const BATCH_MAX_AGE_MS = 100;

interface Batch {
  readonly buffer: Buffer;
  readonly bytes: number;
}

/** The rest of the segment was stolen by another lane: the bytes after it belong to that lane. */
export class TailStolen extends Error {}
/** Another lane took over the whole file (the server ignored Range). */
export class SegmentCancelled extends Error {}

/** What a lane needs from its file transfer (SegmentStreamHost is one: it is passed as it is, per request). */
export interface LaneWriterHost {
  readonly handle: TempHandle;
  readonly rateLimiters: ByteRateLimiter[];
  readonly watchdog: StallWatchdog;
  readonly signal: AbortSignal;
  /** [start, end) is on disk; `bytes` are those bytes, valid only during the call (the batch goes back). */
  written(start: number, end: number, bytes: Buffer): void;
  received(bytes: number): void;
}

export class LaneWriter implements RangeBodySink {
  readonly #host: LaneWriterHost;
  readonly #segment: Segment;
  readonly #connection: WatchedConnection;
  #control: RangeControl | undefined;
  /** The batch being filled (a pooled buffer, batch-buffers.ts) and how much of it holds bytes. */
  #fill: Buffer | undefined;
  #fillBytes = 0;
  #fillStartedAtMs = 0;
  /** Writes the partial batch once BATCH_MAX_AGE_MS old while a rate limit holds the socket. */
  #flushTimer: NodeJS.Timeout | undefined;
  /** Closed batches waiting for their write, in file order (non-empty only while a write is in flight). */
  readonly #queue: Batch[] = [];
  /** Bytes [segment start, written) are on disk. */
  written: number;
  #writing: Promise<void> | undefined;
  /** Chunks written whose rate-limit payment is still queued (the socket stays paused until all are paid). */
  #unpaid = 0;
  /** Chunks waiting for their payment before they are copied (#payThenCopy; the socket stays paused meanwhile). */
  #paced = 0;
  /** The payments of the paced chunks, in order: each copies its chunk into the batches once paid. */
  #paying: Promise<void> = Promise.resolve();
  #error: unknown;

  readonly #opened: (response: RangeResponse) => void;

  constructor(
    host: LaneWriterHost,
    segment: Segment,
    connection: WatchedConnection,
    opened: (response: RangeResponse) => void,
  ) {
    this.#host = host;
    this.#opened = opened;
    this.#segment = segment;
    this.#connection = connection;
    this.written = segment.position;
  }

  start(response: RangeResponse, control: RangeControl): void {
    this.#control = control;
    this.#opened(response);
    // A 200 takeover moved the segment to [0, size): the body is written from there.
    this.written = this.#segment.position;
  }

  data(chunk: Buffer): boolean {
    // undici may hand over an empty chunk when a paused parser resumes.
    if (chunk.length === 0) return true;
    const segment = this.#segment;
    if (segment.cancelled) return this.#stop(new SegmentCancelled());
    const length = Math.min(chunk.length, segment.end - segment.position);
    if (length <= 0) return this.#stop(new TailStolen());
    // Claim the bytes before any await so a concurrent steal splits after them (segment-scheduler.ts).
    segment.position += length;
    this.#host.received(length);
    const limiters = this.#host.rateLimiters;
    const limited = this.#unpaid > 0 || anyLimited(limiters);
    // A chunk larger than the limit's piece waits for its payment (pieces in turn); a smaller one, under a higher
    // limit, is written at once and paid for after, so a request's end does not wait for its last payment.
    if (this.#paced > 0 || (limited && pacedPieceBytes(limiters) < length)) this.#payThenCopy(chunk, length);
    else {
      this.#copy(chunk, length);
      if (limited) this.#payAfter(length);
    }
    if (
      this.#fillBytes > 0 &&
      (segment.position >= segment.end || Date.now() - this.#fillStartedAtMs >= BATCH_MAX_AGE_MS)
    ) {
      this.#closeBatch();
    }
    if (limited && this.#fillBytes > 0) this.#flushWhenOld();
    if (this.#queue.length > 0) this.#pump();
    // Read a complete response to its end so the socket stays reusable; stop early only when the tail was
    // stolen (the rest of the body belongs to another lane).
    if (segment.position >= segment.end && segment.end !== segment.requestEnd) {
      return this.#stop(new TailStolen());
    }
    const keepReading = !limited && !(this.#writing && this.#queue.length > 0);
    if (!keepReading) this.#host.watchdog.setBusy(this.#connection, true);
    return keepReading;
  }

  /** Writes what is left and waits for it; throws the first write error. */
  async finish(): Promise<void> {
    while (this.#paced > 0 && this.#error === undefined) await this.#paying;
    this.#cancelFlush();
    for (;;) {
      if (this.#writing) {
        await this.#writing;
        continue;
      }
      if (this.#error !== undefined) throw this.#error;
      if (this.#fillBytes > 0) this.#closeBatch();
      if (this.#queue.length === 0) return;
      this.#pump();
    }
  }

  #stop(reason: Error): boolean {
    this.#control?.abort(reason);
    return false;
  }

  /**
   * Pays every active limit for the chunk's first `length` bytes, a piece at a time (pacedPieceBytes), and copies
   * each piece into the batches once paid, after the chunks before it; the socket waits until all are paid.
   */
  #payThenCopy(chunk: Buffer, length: number): void {
    // Kept past this call: a copy of what the chunk holds (the payments take seconds at a low limit).
    const bytes = Buffer.from(chunk.subarray(0, length));
    this.#paced++;
    this.#paying = this.#paying.then(async () => {
      if (this.#error !== undefined) return;
      try {
        for (let offset = 0; offset < length; ) {
          const limiters = this.#host.rateLimiters;
          const piece = Math.min(length - offset, pacedPieceBytes(limiters));
          for (const limiter of limiters) await limiter.take(piece, this.#host.signal);
          this.#copy(bytes, piece, offset);
          offset += piece;
          this.#writeWhenOld();
        }
        this.#paced--;
        this.#maybeResume();
      } catch (error) {
        this.#failed(error);
      }
    });
  }

  /** Pays every active limit for `length` bytes already copied; the socket waits until they are paid. */
  #payAfter(length: number): void {
    const limiters = this.#host.rateLimiters;
    this.#unpaid++;
    void (async () => {
      for (const limiter of limiters) await limiter.take(length, this.#host.signal);
    })().then(
      () => {
        this.#unpaid--;
        this.#maybeResume();
      },
      (error: unknown) => this.#control?.abort(error as Error),
    );
  }

  /** Writes the partial batch now when BATCH_MAX_AGE_MS old, else by the timer: a paid piece is on disk soon. */
  #writeWhenOld(): void {
    if (this.#fillBytes > 0 && Date.now() - this.#fillStartedAtMs >= BATCH_MAX_AGE_MS) this.#closeBatch();
    else if (this.#fillBytes > 0) this.#flushWhenOld();
    if (this.#queue.length > 0) this.#pump();
  }

  /** Copies the chunk's `length` bytes from `from` into batches, closing each batch that fills up. */
  #copy(chunk: Buffer, length: number, from = 0): void {
    let offset = from;
    const end = from + length;
    while (offset < end) {
      if (this.#fill === undefined) {
        this.#fill = takeBatchBuffer();
        this.#fillStartedAtMs = Date.now();
      }
      const bytes = Math.min(end - offset, BATCH_MAX_BYTES - this.#fillBytes);
      chunk.copy(this.#fill, this.#fillBytes, offset, offset + bytes);
      this.#fillBytes += bytes;
      offset += bytes;
      if (this.#fillBytes === BATCH_MAX_BYTES) this.#closeBatch();
    }
  }

  /** Arms the timer that writes the partial batch at BATCH_MAX_AGE_MS (once per batch). */
  #flushWhenOld(): void {
    if (this.#flushTimer !== undefined) return;
    const delayMs = Math.max(0, BATCH_MAX_AGE_MS - (Date.now() - this.#fillStartedAtMs));
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = undefined;
      if (this.#fillBytes === 0 || this.#error !== undefined) return;
      this.#closeBatch();
      this.#pump();
    }, delayMs);
  }

  #cancelFlush(): void {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
  }

  #closeBatch(): void {
    this.#cancelFlush();
    if (this.#fill === undefined || this.#fillBytes === 0) return;
    this.#queue.push({ buffer: this.#fill, bytes: this.#fillBytes });
    this.#fill = undefined;
    this.#fillBytes = 0;
  }

  /** Writes the queued batches in order: at once while writes are synchronous, else one in flight. */
  #pump(): void {
    while (this.#writing === undefined && this.#error === undefined) {
      const batch = this.#queue.shift();
      if (batch === undefined) return;
      const start = this.written;
      this.#host.watchdog.noteBytes(this.#connection, batch.bytes);
      let pending: Promise<void> | undefined;
      try {
        pending = writeBatch(this.#host.handle.fd, batch.buffer.subarray(0, batch.bytes), start);
      } catch (error) {
        this.#failed(error);
        return;
      }
      if (pending === undefined) {
        this.#wrote(start, batch);
        continue;
      }
      this.#writing = pending.then(
        () => {
          this.#writing = undefined;
          this.#wrote(start, batch);
          this.#pump();
          this.#maybeResume();
        },
        (error: unknown) => {
          this.#writing = undefined;
          this.#failed(error);
        },
      );
    }
  }

  /** The batch is on disk at `start`: record it and give its buffer back. */
  #wrote(start: number, batch: Batch): void {
    this.written = start + batch.bytes;
    this.#host.written(start, this.written, batch.buffer.subarray(0, batch.bytes));
    noteReceivedBytes(batch.bytes);
    returnBatchBuffer(batch.buffer);
  }

  #failed(error: unknown): void {
    this.#error = error;
    this.#control?.abort(error as Error);
  }

  #maybeResume(): void {
    if (this.#unpaid > 0 || this.#paced > 0 || (this.#writing && this.#queue.length > 0)) return;
    this.#host.watchdog.setBusy(this.#connection, false);
    this.#control?.resume();
  }
}
