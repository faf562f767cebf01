/**
 * The middle layer: fetches the missing ranges of one file over up to `connections` parallel range
 * requests, writing each chunk at its offset and recording it in the RangeSet (then the resume map).
 *
 * Lanes: a lane is one connection slot working segment after segment. The first lane waits for a slot of
 * the shared ConnectionBudget and keeps it until nothing is left (a file always progresses); extra lanes
 * start only while the budget has a free slot and give their slot back after each segment when other
 * transfers are waiting (budget.available is then 0), so many files share e.g. 16 connections fairly.
 *
 * State of a segment (see docs/transfer-engine.md): requesting → streaming → done, or
 * → failed → backoff → requesting (same lane, rest of the range), or → stalled/slow → requesting at once;
 * its tail may be stolen by another lane at any time (`end` shrinks), or it may be cancelled when the
 * server ignores Range and one lane takes over the whole file.
 */
import type { FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { HubgetError } from '../errors.js';
import { type RetryPolicy, retryDelayMs } from '../hub/retry-policy.js';
import type { TransferEvent } from '../progress/events.js';
import { classifyTransferError } from './classify-error.js';
import { openRange } from './fetch-range.js';
import { noteReceivedBytes } from './gc-pacer.js';
import type { RangeSet } from './range-set.js';
import { abortedError } from './rate-limiter.js';
import type { ResumeMapWriter } from './resume-map.js';
import { type Segment, SegmentScheduler } from './segment-scheduler.js';
import { type StallReason, StallWatchdog, type WatchedConnection } from './stall-watchdog.js';
import type { ByteRateLimiter, ConnectionBudget, UrlResolver } from './types.js';

export interface SegmentedFetchTuning {
  minSegmentBytes: number;
  maxSegmentBytes: number;
  retry: RetryPolicy;
  stallTimeoutMs: number;
  slowRatio: number;
  slowForMs: number;
  slowMinRemainingBytes: number;
  /** How often a file looks for free budget slots to add connections. */
  growIntervalMs: number;
}

export interface SegmentedFetchOptions {
  path: string;
  size: number;
  handle: FileHandle;
  done: RangeSet;
  mapWriter: ResumeMapWriter;
  resolveUrl: UrlResolver;
  connections: number;
  connectionBudget: ConnectionBudget | undefined;
  dispatcher: Dispatcher;
  rateLimiters: ByteRateLimiter[];
  signal: AbortSignal | undefined;
  onBytes: ((bytes: number) => void) | undefined;
  /** Called after each batch [start, end) was written and recorded in `done` (the prefix hasher follows it). */
  onWritten?: ((start: number, end: number) => void) | undefined;
  emit: (event: TransferEvent) => void;
  tuning: SegmentedFetchTuning;
}

interface CurrentUrl {
  url: string;
  headers: Record<string, string>;
  generation: number;
}

/** Thrown into a request's signal by the watchdog; not a failure of the server when reason is 'slow'. */
class ConnectionReplaced extends HubgetError {
  constructor(readonly reason: StallReason) {
    super(
      'STALLED',
      reason === 'no-data' ? 'No bytes arrived within the stall timeout' : 'Connection too slow',
      {
        retryable: true,
        details: { reason },
      },
    );
  }
}

/** A segment cancelled because another lane took over the whole file. */
class SegmentCancelled extends Error {}

export class SegmentedFetch {
  readonly #options: SegmentedFetchOptions;
  readonly #controller = new AbortController();
  readonly #watchdog: StallWatchdog;
  #scheduler: SegmentScheduler;
  #fatal: HubgetError | undefined;
  #fetchedBytes = 0;
  #lanes = new Set<Promise<void>>();
  #startingLanes = 0;
  /** Lanes started and not yet finished (counted synchronously, unlike #lanes). */
  #laneCount = 0;
  #rangesIgnored = false;
  /** Extra lanes start only once the first lane holds its slot (a file always gets one first). */
  #primaryRunning = false;
  #url: CurrentUrl | undefined;
  #urlPromise: Promise<CurrentUrl> | undefined;
  #refreshesWithoutProgress = 0;
  readonly #requestControllers = new Map<Segment, AbortController>();

  constructor(options: SegmentedFetchOptions) {
    this.#options = options;
    this.#scheduler = this.#newScheduler();
    const { tuning } = options;
    this.#watchdog = new StallWatchdog({
      stallTimeoutMs: tuning.stallTimeoutMs,
      slowRatio: tuning.slowRatio,
      slowForMs: tuning.slowForMs,
      slowMinRemainingBytes: tuning.slowMinRemainingBytes,
    });
  }

  /** Bytes newly written by this run (overlapping rewrites are not counted twice). */
  get fetchedBytes(): number {
    return this.#fetchedBytes;
  }

  async run(): Promise<void> {
    const { signal } = this.#options;
    const onAbort = () => this.#controller.abort(abortedError(signal));
    if (signal?.aborted) throw abortedError(signal);
    signal?.addEventListener('abort', onAbort, { once: true });
    const growTimer = setInterval(() => this.#grow(), this.#options.tuning.growIntervalMs);
    growTimer.unref?.();
    try {
      // A lane only exits when nothing is left to share, so one round normally finishes the file; the loop
      // is a guard against a range left behind by a lane that stopped early.
      for (let round = 0; round < 3 && !this.#stopped; round++) {
        if (this.#options.done.totalBytes >= this.#options.size) break;
        if (round > 0) {
          this.#rangesIgnored = false;
          this.#scheduler = this.#newScheduler();
        }
        this.#startLane(true);
        while (this.#lanes.size > 0 || this.#startingLanes > 0) {
          await Promise.race([...this.#lanes, sleep(50)]);
        }
      }
    } finally {
      clearInterval(growTimer);
      this.#watchdog.stop();
      signal?.removeEventListener('abort', onAbort);
      for (const controller of this.#requestControllers.values()) controller.abort();
    }
    if (this.#fatal) throw this.#fatal;
    if (signal?.aborted) throw abortedError(signal);
    if (this.#options.done.totalBytes < this.#options.size) {
      throw new HubgetError(
        'TRANSFER_FAILED',
        `Ranges still missing in ${this.#options.path} after the transfer`,
      );
    }
  }

  get #stopped(): boolean {
    return this.#controller.signal.aborted;
  }

  #newScheduler(): SegmentScheduler {
    const { tuning, done, size, connections } = this.#options;
    return new SegmentScheduler(done.missing(size), {
      connections,
      minSegmentBytes: tuning.minSegmentBytes,
      maxSegmentBytes: tuning.maxSegmentBytes,
    });
  }

  #fail(error: HubgetError): void {
    if (this.#fatal || this.#stopped) return;
    this.#fatal = error;
    this.#controller.abort(error);
  }

  /** Adds lanes while the file may have more connections, there is work to share and the budget has room. */
  #grow(): void {
    const { connections, connectionBudget } = this.#options;
    while (
      !this.#stopped &&
      !this.#rangesIgnored &&
      this.#primaryRunning &&
      this.#laneCount < connections &&
      this.#scheduler.hasWork() &&
      (connectionBudget === undefined || connectionBudget.available > 0)
    ) {
      this.#startLane(false);
    }
  }

  #startLane(primary: boolean): void {
    this.#startingLanes++;
    this.#laneCount++;
    const lane = this.#runLane(primary)
      .catch((error: unknown) => this.#fail(classifyTransferError(error)))
      .finally(() => {
        this.#laneCount--;
        this.#lanes.delete(lane);
      });
    this.#lanes.add(lane);
  }

  async #runLane(primary: boolean): Promise<void> {
    const budget = this.#options.connectionBudget;
    let release: (() => void) | undefined;
    try {
      release = budget ? await budget.acquire(this.#controller.signal) : undefined;
    } finally {
      this.#startingLanes--;
    }
    try {
      if (primary) {
        this.#primaryRunning = true;
        this.#grow();
      }
      for (;;) {
        if (this.#stopped || this.#rangesIgnored) return;
        const segment = this.#scheduler.next();
        if (!segment) return;
        try {
          await this.#fetchSegment(segment);
        } finally {
          this.#scheduler.finish(segment);
        }
        this.#grow();
        if (!primary && budget && release) {
          // Give the slot back when other transfers wait for one (available is then 0 after release).
          release();
          release = undefined;
          if (budget.available <= 0) return;
          release = await budget.acquire(this.#controller.signal);
        }
      }
    } finally {
      if (primary) this.#primaryRunning = false;
      release?.();
    }
  }

  async #fetchSegment(segment: Segment): Promise<void> {
    const policy = this.#options.tuning.retry;
    let failures = 0;
    while (segment.position < segment.end && !segment.cancelled && !this.#stopped) {
      const positionBefore = segment.position;
      let error: HubgetError;
      try {
        const current = await this.#currentUrl();
        try {
          await this.#streamOnce(segment, current);
          return;
        } catch (caught) {
          if (caught instanceof SegmentCancelled || segment.cancelled || this.#stopped) return;
          error = classifyTransferError(caught);
          if (segment.position > positionBefore) failures = 0;
          if (error instanceof ConnectionReplaced && error.reason === 'slow-connection') continue;
          if (!error.retryable) throw error;
          if (error.code !== 'URL_EXPIRED') throw error;
          // Signed URL expired: fetch a fresh one and go on without counting a failure.
          await this.#refreshUrl(current.generation, error);
          continue;
        }
      } catch (caught) {
        if (segment.cancelled || this.#stopped) return;
        error = classifyTransferError(caught);
        if (!error.retryable) throw error;
      }
      failures++;
      if (failures >= policy.maxConsecutiveFailures) {
        throw new HubgetError(
          'TRANSFER_FAILED',
          `${this.#options.path}: gave up on bytes ${segment.position}-${segment.end - 1} after ${failures} failures without progress: ${error.message}`,
          { cause: error, status: error.status },
        );
      }
      const delayMs = retryDelayMs(error, failures, policy);
      this.#options.emit({
        type: 'retry',
        path: this.#options.path,
        attempt: failures,
        delayMs,
        error: { code: error.code, message: error.message },
      });
      try {
        await sleep(delayMs, undefined, { signal: this.#controller.signal });
      } catch {
        return;
      }
    }
  }

  /** One request for the rest of the segment, streamed to disk. Resolves when the segment is complete. */
  async #streamOnce(segment: Segment, current: CurrentUrl): Promise<void> {
    const { handle, size, rateLimiters, emit, path } = this.#options;
    const requestController = new AbortController();
    this.#requestControllers.set(segment, requestController);
    const requestSignal = AbortSignal.any([this.#controller.signal, requestController.signal]);
    const connection: WatchedConnection = {
      rangeStart: segment.position,
      remainingBytes: () => segment.end - segment.position,
      abort: (reason, idleMs) => {
        emit({ type: 'stall', path, rangeStart: segment.position, idleMs, reason });
        requestController.abort(new ConnectionReplaced(reason));
      },
    };
    const unwatch = this.#watchdog.watch(connection);
    try {
      const opened = await openRange({
        url: current.url,
        headers: current.headers,
        start: segment.position,
        end: segment.end,
        size,
        dispatcher: this.#options.dispatcher,
        signal: requestSignal,
      });
      if (opened.url !== current.url && this.#url?.generation === current.generation) {
        // Range-GET the redirect target from now on instead of asking the resolver each time (§6.6).
        this.#url = { ...current, url: opened.url };
      }
      this.#checkEtag(opened.etag);
      if (opened.kind === 'full') this.#takeOverWholeFile(segment);
      const requestedEnd = segment.end;
      // Chunks (≤ 64 KiB) are collected into batches and written with one positional writev per batch:
      // per-chunk awaits, thread-pool round trips and bookkeeping were what kept the main thread at 100 %
      // CPU (docs/benchmark.md). A batch is written when it reaches BATCH_MAX_BYTES, is BATCH_MAX_AGE_MS old
      // (so progress stays live on slow connections) or the segment ends. `written` trails
      // `segment.position` by the batch held in memory; only written bytes are recorded (resume map,
      // onBytes), so counts never run ahead of the disk.
      const batch: Buffer[] = [];
      let batchBytes = 0;
      let batchStartedAtMs = 0;
      let written = segment.position;
      const flush = async () => {
        if (batchBytes === 0) return;
        const buffers = batch.splice(0);
        const bytes = batchBytes;
        const start = written;
        batchBytes = 0;
        this.#watchdog.noteBytes(connection, bytes);
        this.#watchdog.setBusy(connection, true);
        await writevFully(handle, buffers, bytes, start);
        this.#watchdog.setBusy(connection, false);
        written = start + bytes;
        this.#recordWritten(start, written);
        noteReceivedBytes(bytes);
      };
      try {
        for await (const chunk of opened.body as AsyncIterable<Buffer>) {
          if (segment.cancelled) throw new SegmentCancelled();
          const length = Math.min(chunk.length, segment.end - segment.position);
          if (length <= 0) break;
          // Claim the bytes before awaiting so a concurrent steal splits after them (segment-scheduler.ts).
          segment.position += length;
          if (rateLimiters.length > 0 && anyLimited(rateLimiters)) {
            // A limit is active: pay for every chunk as it arrives, so the socket is paused (backpressure)
            // and the rate stays exact; unlimited limiters are skipped without an await.
            this.#watchdog.setBusy(connection, true);
            for (const limiter of rateLimiters) await limiter.take(length, this.#controller.signal);
            this.#watchdog.setBusy(connection, false);
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
      if (requestController.signal.aborted && !this.#stopped) throw requestController.signal.reason;
      throw error;
    } finally {
      unwatch();
      if (this.#requestControllers.get(segment) === requestController)
        this.#requestControllers.delete(segment);
    }
  }

  #recordWritten(start: number, end: number): void {
    const newBytes = this.#options.done.add(start, end);
    this.#options.onWritten?.(start, end);
    this.#refreshesWithoutProgress = 0;
    if (newBytes > 0) {
      this.#fetchedBytes += newBytes;
      this.#options.mapWriter.markDirty();
      this.#options.onBytes?.(newBytes);
    }
  }

  /** The server ignored Range (200): this lane streams the whole file from byte 0; every other lane stops. */
  #takeOverWholeFile(segment: Segment): void {
    this.#rangesIgnored = true;
    this.#scheduler.takeOverAll(segment, this.#options.size);
    for (const [other, controller] of this.#requestControllers) {
      if (other !== segment) controller.abort(new SegmentCancelled());
    }
  }

  /** A different strong ETag than the one recorded means the bytes on disk may belong to other content. */
  #checkEtag(etag: string | null): void {
    if (etag === null) return;
    const { mapWriter } = this.#options;
    if (mapWriter.etag === null) {
      mapWriter.etag = etag;
      return;
    }
    if (mapWriter.etag !== etag) {
      throw new HubgetError(
        'CONTENT_CHANGED',
        `${this.#options.path} changed on the server (ETag ${mapWriter.etag} → ${etag})`,
        { details: { previousEtag: mapWriter.etag, etag } },
      );
    }
  }

  async #currentUrl(): Promise<CurrentUrl> {
    if (this.#url) return this.#url;
    this.#urlPromise ??= this.#options.resolveUrl('initial').then(
      (resolved) => {
        this.#url = { ...resolved, generation: 0 };
        return this.#url;
      },
      (error: unknown) => {
        this.#urlPromise = undefined;
        throw error;
      },
    );
    return this.#urlPromise;
  }

  /** One refresh per expiry: lanes that saw the same URL generation expire share it (hf-protocol.md §6.6). */
  async #refreshUrl(generationUsed: number, error: HubgetError): Promise<void> {
    const current = this.#url;
    if (current && current.generation > generationUsed) return;
    if (this.#urlPromise && this.#url === undefined) {
      await this.#urlPromise.catch(() => {});
      return;
    }
    if (this.#refreshesWithoutProgress >= 2) {
      throw new HubgetError(
        error.status === 410 ? 'URL_EXPIRED' : 'FORBIDDEN',
        `${this.#options.path}: download URL still refused with ${error.status} after fetching a fresh one`,
        { cause: error, status: error.status },
      );
    }
    this.#refreshesWithoutProgress++;
    const nextGeneration = (current?.generation ?? 0) + 1;
    this.#url = undefined;
    this.#urlPromise = this.#options.resolveUrl('expired').then(
      (resolved) => {
        this.#url = { ...resolved, generation: nextGeneration };
        this.#options.emit({ type: 'url-refreshed', path: this.#options.path });
        return this.#url;
      },
      (refreshError: unknown) => {
        this.#urlPromise = undefined;
        this.#url = current;
        throw refreshError;
      },
    );
    await this.#urlPromise;
  }
}

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

function anyLimited(limiters: ByteRateLimiter[]): boolean {
  for (const limiter of limiters) if (limiter.bytesPerSecond > 0) return true;
  return false;
}

/** Positional writev of the whole batch, continuing after short writes. */
async function writevFully(
  handle: FileHandle,
  buffers: Buffer[],
  length: number,
  position: number,
): Promise<void> {
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
