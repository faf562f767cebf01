/**
 * Hashes a temp file while it is being downloaded: it follows the contiguous run of written bytes from
 * byte 0 (the RangeSet of finished ranges), reading them back in large blocks from the page cache (they were
 * just written) and feeding the hash, so that when the last byte lands only the unhashed tail is left to
 * read — instead of a second pass over the whole file (~0.9 s/GiB, docs/benchmark.md).
 *
 * Correctness: only bytes recorded in `done` are read (their write resolved before they were recorded).
 * Bytes are written once, except when a server ignores Range and one lane rewrites the file from byte 0
 * (segmented-fetch.ts): a write landing below what was already read makes the hasher start over, and it then
 * waits for `digest()` (reading everything once at the end) instead of chasing the rewriting lane.
 * sha256 for LFS/Xet files, git blob sha1 ("blob <size>\0" + content) for regular files (docs/hub-disk-layout.md §3.3).
 *
 * Large files are read and hashed on one shared worker thread (hash-worker.ts; the main thread only says how
 * far the prefix is): the main thread is what limits an uncapped transfer (docs/transfer-faults.md, Integrity). Small files
 * hash inline: a worker round trip and its start-up would cost more than the hash. Inline, a batch that
 * continues the prefix is hashed from memory as it is recorded (noteWritten), not read back: a small file
 * fetched by one connection is never read again (one read and its thread-pool round trip less per file).
 */

import { HubgetError } from '../errors.js';
import { type HashState, InlineHash } from './hash-state.js';
import { WorkerHash } from './hash-worker.js';
import type { RangeSet } from './range-set.js';
import type { TempHandle } from './temp-handle.js';
import type { ExpectedContent } from './types.js';

/**
 * Read-back block: large enough that the per-read round trip is negligible, small enough not to block the
 * event loop or add to peak RSS (bench capped, 1 GiB: 4 MiB blocks 127–136 MB peak, 1 MiB 124–128 MB, same speed).
 */
const DEFAULT_BLOCK_BYTES = 1024 * 1024;

/** Files at least this large are hashed on the shared worker thread. */
const WORKER_MIN_BYTES = 32 * 1024 * 1024;
/** Bytes handed to the worker per message (whole blocks): few messages, and abort is noticed within one. */
const WORKER_CALL_BYTES = 8 * 1024 * 1024;
/**
 * The worker is called once at least this much is ready (or the file is complete): a call per 1 MiB block
 * cost the main thread ~0.12 s of `postMessage` per GiB (profile, 1 GiB uncapped); per 4 MiB, a quarter.
 */
const WORKER_MIN_CALL_BYTES = 4 * 1024 * 1024;
/** Calls queued on the worker at once (see #follow): enough to cover the main thread's latency under load. */
const WORKER_CALLS_IN_FLIGHT = 4;

export interface PrefixHasherOptions {
  handle: TempHandle;
  size: number;
  algorithm: ExpectedContent['algorithm'];
  done: RangeSet;
  blockBytes?: number;
  /** Hash on the shared worker thread. Default: when `size` ≥ 32 MiB. */
  worker?: boolean;
  /** Worker only: bytes that must be ready before a call (the end of the file excepted). Default 4 MiB. */
  workerMinCallBytes?: number;
}

export class PrefixHasher {
  readonly #options: PrefixHasherOptions;
  readonly #blockBytes: number;
  #hash: HashState;
  /** Bytes [0, hashedBytes) are in the hash. */
  #hashedBytes = 0;
  /** End of the read in flight (≥ hashedBytes). */
  #readEnd = 0;
  readonly #useWorker: boolean;
  /** Bytes read per call: a block inline, whole blocks up to WORKER_CALL_BYTES on the worker. */
  readonly #stepBytes: number;
  /** Ready bytes worth a read (the end of the file excepted): a block inline, ≥ the minimum call on the worker. */
  readonly #minReadyBytes: number;
  /** Reads queued at once: several on the worker, one inline. */
  readonly #callsInFlight: number;
  /** Reads issued and not yet awaited by #follow, oldest first. */
  readonly #inFlight: Promise<void>[] = [];
  #running: Promise<void> | undefined;
  /** Bumped by every restart, so a read that was in flight is not hashed. */
  #generation = 0;
  /** After a rewrite of hashed bytes: hash nothing more until digest(). */
  #suspended = false;
  #stopped = false;

  constructor(options: PrefixHasherOptions) {
    this.#options = options;
    this.#blockBytes = Math.max(1, options.blockBytes ?? DEFAULT_BLOCK_BYTES);
    this.#useWorker = options.worker ?? options.size >= WORKER_MIN_BYTES;
    // Fixed for the hash's life: #readyBytes runs after every recorded write.
    const workerCallBytes = Math.max(1, Math.floor(WORKER_CALL_BYTES / this.#blockBytes)) * this.#blockBytes;
    this.#stepBytes = this.#useWorker ? workerCallBytes : this.#blockBytes;
    this.#callsInFlight = this.#useWorker ? WORKER_CALLS_IN_FLIGHT : 1;
    this.#minReadyBytes = this.#useWorker
      ? Math.max(
          this.#blockBytes,
          Math.min(options.workerMinCallBytes ?? WORKER_MIN_CALL_BYTES, workerCallBytes),
        )
      : this.#blockBytes;
    this.#hash = this.#newHash();
  }

  /** Bytes already hashed from byte 0. */
  get hashedBytes(): number {
    return this.#hashedBytes;
  }

  /** Reads issued and not finished (diagnostics and tests). */
  get readsInFlight(): number {
    return this.#inFlight.length;
  }

  /** Hashes what is already done (a resumed file) and keeps following as bytes are recorded. */
  start(): void {
    this.#kick();
  }

  /**
   * Called after [start, end) was written and recorded in `done`, with those bytes when the caller still has
   * them (valid only during the call). The next bytes of the prefix are hashed from memory when nothing is
   * being read (inline hashes only: a worker hash keeps that work off the main thread); anything else is
   * read back once a full block is ready.
   */
  noteWritten(start: number, end: number, bytes?: Uint8Array): void {
    if (start < this.#readEnd) {
      // Bytes already read were written again (Range ignored, the file is rewritten from 0).
      this.#restart();
      this.#suspended = true;
      return;
    }
    const hash = this.#hash;
    if (
      hash.hashBytes !== undefined &&
      bytes?.length === end - start &&
      start === this.#hashedBytes &&
      this.#running === undefined &&
      !this.#suspended &&
      !this.#stopped
    ) {
      hash.hashBytes(bytes);
      this.#hashedBytes = end;
      this.#readEnd = end;
    }
    this.#kick();
  }

  /** Starts over from byte 0 (the file's bytes are being discarded). Waits for a read in flight. */
  async reset(): Promise<void> {
    this.#restart();
    await this.#running;
    this.#suspended = false;
  }

  /** Stops background hashing and waits for a read in flight (before the handle is closed). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running;
    this.#hash.dispose();
  }

  /** Hashes whatever is left up to `size` (all of it must be written) and returns the hex digest. */
  async digest(signal?: AbortSignal): Promise<string> {
    await this.#running;
    this.#suspended = false;
    const { size } = this.#options;
    while (this.#hashedBytes < size) {
      if (signal?.aborted) throw new HubgetError('ABORTED', 'Hashing was aborted');
      await this.#readBlock(Math.min(this.#stepBytes, size - this.#hashedBytes));
    }
    return this.#hash.digest();
  }

  #newHash(): HashState {
    const { algorithm, size } = this.#options;
    const prefix = algorithm === 'git-sha1' ? `blob ${size}\0` : '';
    const name = algorithm === 'sha256' ? 'sha256' : 'sha1';
    return this.#useWorker
      ? new WorkerHash(name, prefix, this.#blockBytes)
      : new InlineHash(name, prefix, this.#blockBytes, size);
  }

  #restart(): void {
    this.#generation++;
    this.#hash.dispose();
    this.#hash = this.#newHash();
    this.#hashedBytes = 0;
    this.#readEnd = 0;
  }

  #kick(): void {
    if (this.#running) {
      this.#fill();
      return;
    }
    if (this.#suspended || this.#stopped || this.#readyBytes() === 0) return;
    this.#running = this.#follow().finally(() => {
      this.#running = undefined;
    });
  }

  /**
   * Bytes ready to read after those already read or being read: a full block, or the rest of the file. 0
   * when not worth a read yet.
   */
  #readyBytes(): number {
    const { size, done } = this.#options;
    const ready = Math.min(size, done.contiguousEnd(this.#readEnd)) - this.#readEnd;
    if (ready >= this.#minReadyBytes) return Math.min(this.#stepBytes, ready - (ready % this.#blockBytes));
    return this.#readEnd + ready >= size ? ready : 0;
  }

  /**
   * Reads and hashes ready blocks until none is left. On the worker, up to WORKER_CALLS_IN_FLIGHT calls are
   * queued at once (the worker takes them in order; every recorded write tops the queue up), so it never
   * waits for the main thread to see a reply and send the next call: with one call at a time, a busy main
   * thread (a download at full speed) left the worker idle between calls and the hash ran at ~330 MB/s,
   * half the file behind the last byte.
   */
  async #follow(): Promise<void> {
    const inFlight = this.#inFlight;
    try {
      for (;;) {
        this.#fill();
        const oldest = inFlight[0];
        if (oldest === undefined) return;
        await oldest;
        inFlight.shift();
      }
    } catch {
      // A failed read here is not fatal: digest() reads everything from the start again and reports it.
      this.#restart();
      this.#suspended = true;
      await Promise.allSettled(inFlight.splice(0));
    }
  }

  /** Queues reads of ready blocks, up to the calls allowed in flight. */
  #fill(): void {
    const inFlight = this.#inFlight;
    while (!this.#suspended && !this.#stopped && inFlight.length < this.#callsInFlight) {
      const length = this.#readyBytes();
      if (length === 0) return;
      const read = this.#readBlock(length);
      // Awaited in order by #follow, which handles a rejection.
      read.catch(() => {});
      inFlight.push(read);
    }
  }

  /** Hashes [readEnd, readEnd + length): reads are issued in file order and complete in that order. */
  async #readBlock(length: number): Promise<void> {
    const generation = this.#generation;
    const position = this.#readEnd;
    this.#readEnd = position + length;
    await this.#hash.update(this.#options.handle, position, length);
    if (generation !== this.#generation) return;
    this.#hashedBytes = position + length;
  }
}
