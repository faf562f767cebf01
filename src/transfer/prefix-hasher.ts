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
 * sha256 for LFS/Xet files, git blob sha1 ("blob <size>\0" + content) for regular files (docs/hub-protocol.md §3.3).
 *
 * Large files are read and hashed on one shared worker thread (the main thread only says how far the prefix
 * is): the main thread is what limits an uncapped transfer (docs/transfer-engine.md, Integrity). Small files
 * hash inline: a worker round trip and its start-up would cost more than the hash. Inline, a batch that
 * continues the prefix is hashed from memory as it is recorded (noteWritten), not read back: a small file
 * fetched by one connection is never read again (one read and its thread-pool round trip less per file).
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { HubgetError } from '../errors.js';
import type { RangeSet } from './range-set.js';
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
  handle: FileHandle;
  size: number;
  algorithm: ExpectedContent['algorithm'];
  done: RangeSet;
  blockBytes?: number;
  /** Hash on the shared worker thread. Default: when `size` ≥ 32 MiB. */
  worker?: boolean;
  /** Worker only: bytes that must be ready before a call (the end of the file excepted). Default 4 MiB. */
  workerMinCallBytes?: number;
}

/** One hash in progress: bytes are handed over in file order, by position in the temp file. */
interface HashState {
  update(handle: FileHandle, position: number, length: number): Promise<void>;
  /** The next bytes, from memory (inline hashes only). */
  hashBytes?(bytes: Uint8Array): void;
  digest(): Promise<string>;
  dispose(): void;
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

/** Reads through the transfer's handle on the main thread (small files). */
class InlineHash implements HashState {
  readonly #hash;
  readonly #bufferBytes: number;
  #buffer: Buffer | undefined;

  constructor(algorithm: string, prefix: string, blockBytes: number, size: number) {
    this.#hash = createHash(algorithm);
    if (prefix) this.#hash.update(prefix);
    this.#bufferBytes = Math.min(blockBytes, Math.max(1, size));
  }

  async update(handle: FileHandle, position: number, length: number): Promise<void> {
    this.#buffer ??= Buffer.allocUnsafe(this.#bufferBytes);
    const buffer = this.#buffer;
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
      if (bytesRead === 0) {
        throw new HubgetError('SIZE_MISMATCH', `Temp file ended at byte ${position + filled} while hashing`);
      }
      filled += bytesRead;
    }
    this.#hash.update(buffer.subarray(0, length));
  }

  hashBytes(bytes: Uint8Array): void {
    this.#hash.update(bytes);
  }

  async digest(): Promise<string> {
    return this.#hash.digest('hex');
  }

  dispose(): void {}
}

/**
 * Worker thread code (CommonJS, evaluated: no separate file to find from src/ under tsx or from the build).
 * It reads with the transfer's own file descriptor (fds belong to the process) in blocks into one reused
 * buffer. Messages are handled in order, so a hash disposed and replaced by a new one never mixes.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { readSync } = require('node:fs');
const hashes = new Map();
let buffer = Buffer.alloc(0);
parentPort.on('message', (m) => {
  if (m.op === 'open') {
    const hash = createHash(m.algorithm);
    if (m.prefix) hash.update(m.prefix);
    hashes.set(m.id, hash);
    return;
  }
  if (m.op === 'dispose') { hashes.delete(m.id); return; }
  try {
    const hash = hashes.get(m.id);
    if (!hash) throw new Error('unknown hash ' + m.id);
    if (m.op === 'digest') {
      hashes.delete(m.id);
      parentPort.postMessage({ call: m.call, value: hash.digest('hex') });
      return;
    }
    if (buffer.length < m.blockBytes) buffer = Buffer.allocUnsafe(m.blockBytes);
    for (let done = 0; done < m.length; ) {
      const want = Math.min(m.blockBytes, m.length - done);
      let filled = 0;
      while (filled < want) {
        const read = readSync(m.fd, buffer, filled, want - filled, m.position + done + filled);
        if (read === 0) {
          const error = new Error('Temp file ended at byte ' + (m.position + done + filled) + ' while hashing');
          error.code = 'SIZE_MISMATCH';
          throw error;
        }
        filled += read;
      }
      hash.update(buffer.subarray(0, want));
      done += want;
    }
    parentPort.postMessage({ call: m.call });
  } catch (error) {
    parentPort.postMessage({ call: m.call, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

interface WorkerReply {
  call: number;
  value?: string;
  error?: { message: string; code?: string };
}

/** The one hash worker of the process, started on first use; it never keeps the process alive when idle. */
let hashWorker: Worker | undefined;
const pendingCalls = new Map<number, { resolve: (value: string) => void; reject: (error: Error) => void }>();
let nextCall = 0;
let nextHashId = 0;

function sharedWorker(): Worker {
  if (hashWorker) return hashWorker;
  // The worker allocates almost nothing on its JS heap (a message per 8 MiB): small limits keep its
  // isolate lean, since every MB here adds to the process's peak RSS.
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16, stackSizeMb: 1 },
  });
  worker.unref();
  worker.on('message', (reply: WorkerReply) => {
    const pending = pendingCalls.get(reply.call);
    if (!pending) return;
    pendingCalls.delete(reply.call);
    if (pendingCalls.size === 0) worker.unref();
    if (reply.error === undefined) pending.resolve(reply.value ?? '');
    else if (reply.error.code === 'SIZE_MISMATCH')
      pending.reject(new HubgetError('SIZE_MISMATCH', reply.error.message));
    else pending.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
  });
  const fail = (error: Error) => {
    if (hashWorker === worker) hashWorker = undefined;
    for (const pending of pendingCalls.values()) pending.reject(error);
    pendingCalls.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`Hash worker exited with code ${code}`)));
  hashWorker = worker;
  return worker;
}

function callWorker(message: Record<string, unknown>): Promise<string> {
  const worker = sharedWorker();
  const call = nextCall++;
  return new Promise((resolve, reject) => {
    // Referenced while a call is pending: an awaited digest must keep the process alive.
    if (pendingCalls.size === 0) worker.ref();
    pendingCalls.set(call, { resolve, reject });
    worker.postMessage({ ...message, call });
  });
}

/** Reads and hashes on the shared worker thread (large files). */
class WorkerHash implements HashState {
  readonly #id = nextHashId++;
  readonly #blockBytes: number;
  #disposed = false;

  constructor(algorithm: string, prefix: string, blockBytes: number) {
    this.#blockBytes = blockBytes;
    sharedWorker().postMessage({ op: 'open', id: this.#id, algorithm, prefix });
  }

  async update(handle: FileHandle, position: number, length: number): Promise<void> {
    await callWorker({
      op: 'update',
      id: this.#id,
      fd: handle.fd,
      position,
      length,
      blockBytes: this.#blockBytes,
    });
  }

  async digest(): Promise<string> {
    this.#disposed = true;
    return callWorker({ op: 'digest', id: this.#id });
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    hashWorker?.postMessage({ op: 'dispose', id: this.#id });
  }
}
