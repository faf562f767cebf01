/**
 * The body sink of one range request (segment-stream.ts): collects chunks into batches and writes each
 * batch with one positional writev (positional-write.ts: synchronous into the page cache, on the thread pool
 * when the disk pushes back; then the next batch fills while one write is in flight per connection); the
 * socket is paused only when the next batch is full before the write finished, or while a rate limit is
 * being paid. Only written bytes are recorded (host.written), so counts never run ahead of the disk.
 */
import type { FileHandle } from 'node:fs/promises';
import { noteReceivedBytes } from './gc-pacer.js';
import { writeBatch } from './positional-write.js';
import type { RangeBodySink, RangeControl, RangeResponse } from './range-request.js';
import type { Segment } from './segment-scheduler.js';
import type { StallWatchdog, WatchedConnection } from './stall-watchdog.js';
import type { ByteRateLimiter } from './types.js';

/**
 * Bytes collected per connection before one writev; with one batch in flight and one filling, a
 * connection holds ≤ 512 KiB. History (docs/transfer-engine.md): 64 KiB per write cost more CPU, 1 MiB
 * raised peak RSS without more speed, 256 KiB beat 512 KiB once the hash moved to its worker thread.
 */
export const BATCH_MAX_BYTES = 256 * 1024;
/** A partial batch is written once this old, so progress and the resume map stay live on slow links. */
const BATCH_MAX_AGE_MS = 100;

/** The rest of the segment was stolen by another lane: the bytes after it belong to that lane. */
export class TailStolen extends Error {}
/** Another lane took over the whole file (the server ignored Range). */
export class SegmentCancelled extends Error {}

export interface LaneWriterHost {
  readonly handle: FileHandle;
  readonly rateLimiters: ByteRateLimiter[];
  readonly watchdog: StallWatchdog;
  readonly signal: AbortSignal;
  opened(response: RangeResponse): void;
  written(start: number, end: number): void;
  received(bytes: number): void;
}

export class LaneWriter implements RangeBodySink {
  readonly #host: LaneWriterHost;
  readonly #segment: Segment;
  readonly #connection: WatchedConnection;
  #control: RangeControl | undefined;
  #requestedEnd = 0;
  #batch: Buffer[] = [];
  #batchBytes = 0;
  #batchStartedAtMs = 0;
  /** Bytes [segment start, written) are on disk. */
  written: number;
  #writing: Promise<void> | undefined;
  /** Chunks whose rate-limit payment is still queued (the socket stays paused until all are paid). */
  #unpaid = 0;
  #error: unknown;

  constructor(host: LaneWriterHost, segment: Segment, connection: WatchedConnection) {
    this.#host = host;
    this.#segment = segment;
    this.#connection = connection;
    this.written = segment.position;
  }

  start(response: RangeResponse, control: RangeControl): void {
    this.#control = control;
    this.#host.opened(response);
    // A 200 takeover moved the segment to [0, size): the body is written from there.
    this.written = this.#segment.position;
    this.#requestedEnd = this.#segment.end;
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
    if (this.#batchBytes === 0) this.#batchStartedAtMs = Date.now();
    this.#batch.push(length === chunk.length ? chunk : chunk.subarray(0, length));
    this.#batchBytes += length;
    const limited = this.#payRateLimits(length);
    if (
      this.#batchBytes >= BATCH_MAX_BYTES ||
      segment.position >= segment.end ||
      Date.now() - this.#batchStartedAtMs >= BATCH_MAX_AGE_MS
    ) {
      this.#flush();
    }
    // Read a complete response to its end so the socket stays reusable; stop early only when the tail was
    // stolen (the rest of the body belongs to another lane).
    if (segment.position >= segment.end && segment.end !== this.#requestedEnd) {
      return this.#stop(new TailStolen());
    }
    const keepReading = !limited && !(this.#writing && this.#batchBytes >= BATCH_MAX_BYTES);
    if (!keepReading) this.#host.watchdog.setBusy(this.#connection, true);
    return keepReading;
  }

  /** Writes what is left and waits for it; throws the first write error. */
  async finish(): Promise<void> {
    for (;;) {
      if (this.#writing) {
        await this.#writing;
        continue;
      }
      if (this.#error !== undefined) throw this.#error;
      if (this.#batchBytes === 0) return;
      this.#flush();
    }
  }

  #stop(reason: Error): boolean {
    this.#control?.abort(reason);
    return false;
  }

  /** Pays every active limit for `length` bytes; true when the socket must wait for it. */
  #payRateLimits(length: number): boolean {
    const limiters = this.#host.rateLimiters;
    if (limiters.length === 0 || !limiters.some((limiter) => limiter.bytesPerSecond > 0)) return false;
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
    return true;
  }

  #flush(): void {
    if (this.#writing || this.#batchBytes === 0 || this.#error !== undefined) return;
    const buffers = this.#batch;
    const bytes = this.#batchBytes;
    const start = this.written;
    this.#batch = [];
    this.#batchBytes = 0;
    this.#host.watchdog.noteBytes(this.#connection, bytes);
    let pending: Promise<void> | undefined;
    try {
      pending = writeBatch(this.#host.handle.fd, buffers, bytes, start);
    } catch (error) {
      this.#failed(error);
      return;
    }
    if (pending === undefined) {
      this.#wrote(start, bytes);
      return;
    }
    this.#writing = pending.then(
      () => {
        this.#writing = undefined;
        this.#wrote(start, bytes);
        this.#maybeResume();
      },
      (error: unknown) => {
        this.#writing = undefined;
        this.#failed(error);
      },
    );
  }

  /** [start, start + bytes) is on disk: record it, and write the next batch if it is already full. */
  #wrote(start: number, bytes: number): void {
    this.written = start + bytes;
    this.#host.written(start, this.written);
    noteReceivedBytes(bytes);
    if (this.#batchBytes >= BATCH_MAX_BYTES || this.#segment.position >= this.#segment.end) this.#flush();
  }

  #failed(error: unknown): void {
    this.#error = error;
    this.#control?.abort(error as Error);
  }

  #maybeResume(): void {
    if (this.#unpaid > 0 || (this.#writing && this.#batchBytes >= BATCH_MAX_BYTES)) return;
    this.#host.watchdog.setBusy(this.#connection, false);
    this.#control?.resume();
  }
}
