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
 * sha256 for LFS/Xet files, git blob sha1 ("blob <size>\0" + content) for regular files (hf-protocol.md §3.3).
 */
import { createHash, type Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { HubgetError } from '../errors.js';
import type { RangeSet } from './range-set.js';
import type { ExpectedContent } from './types.js';

/**
 * Read-back block: large enough that the per-read round trip is negligible, small enough not to block the
 * event loop or add to peak RSS (bench capped, 1 GiB: 4 MiB blocks 127–136 MB peak, 1 MiB 124–128 MB, same speed).
 */
const DEFAULT_BLOCK_BYTES = 1024 * 1024;

export interface PrefixHasherOptions {
  handle: FileHandle;
  size: number;
  algorithm: ExpectedContent['algorithm'];
  done: RangeSet;
  blockBytes?: number;
}

export class PrefixHasher {
  readonly #options: PrefixHasherOptions;
  readonly #blockBytes: number;
  #hash: Hash;
  /** Bytes [0, hashedBytes) are in the hash. */
  #hashedBytes = 0;
  /** End of the read in flight (≥ hashedBytes). */
  #readEnd = 0;
  #buffer: Buffer | undefined;
  #running: Promise<void> | undefined;
  /** Bumped by every restart, so a read that was in flight is not hashed. */
  #generation = 0;
  /** After a rewrite of hashed bytes: hash nothing more until digest(). */
  #suspended = false;
  #stopped = false;

  constructor(options: PrefixHasherOptions) {
    this.#options = options;
    this.#blockBytes = Math.max(1, options.blockBytes ?? DEFAULT_BLOCK_BYTES);
    this.#hash = this.#newHash();
  }

  /** Bytes already hashed from byte 0. */
  get hashedBytes(): number {
    return this.#hashedBytes;
  }

  /** Hashes what is already done (a resumed file) and keeps following as bytes are recorded. */
  start(): void {
    this.#kick();
  }

  /** Called after [start, end) was written and recorded in `done`: hashes on when a full block is ready. */
  noteWritten(start: number, _end: number): void {
    if (start < this.#readEnd) {
      // Bytes already read were written again (Range ignored, the file is rewritten from 0).
      this.#restart();
      this.#suspended = true;
      return;
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
  }

  /** Hashes whatever is left up to `size` (all of it must be written) and returns the hex digest. */
  async digest(signal?: AbortSignal): Promise<string> {
    await this.#running;
    this.#suspended = false;
    const { size } = this.#options;
    while (this.#hashedBytes < size) {
      if (signal?.aborted) throw new HubgetError('ABORTED', 'Hashing was aborted');
      await this.#readBlock(Math.min(this.#blockBytes, size - this.#hashedBytes));
    }
    return this.#hash.digest('hex');
  }

  #newHash(): Hash {
    const hash = createHash(this.#options.algorithm === 'sha256' ? 'sha256' : 'sha1');
    if (this.#options.algorithm === 'git-sha1') hash.update(`blob ${this.#options.size}\0`);
    return hash;
  }

  #restart(): void {
    this.#generation++;
    this.#hash = this.#newHash();
    this.#hashedBytes = 0;
    this.#readEnd = 0;
  }

  #kick(): void {
    if (this.#running || this.#suspended || this.#stopped || this.#readyBytes() === 0) return;
    this.#running = this.#follow().finally(() => {
      this.#running = undefined;
    });
  }

  /** Bytes ready to hash now: a full block, or the rest of the file. 0 when not worth a read yet. */
  #readyBytes(): number {
    const { size, done } = this.#options;
    const ready = Math.min(size, done.contiguousEnd(this.#hashedBytes)) - this.#hashedBytes;
    if (ready >= this.#blockBytes) return this.#blockBytes;
    return this.#hashedBytes + ready >= size ? ready : 0;
  }

  async #follow(): Promise<void> {
    try {
      for (;;) {
        if (this.#suspended || this.#stopped) return;
        const length = this.#readyBytes();
        if (length === 0) return;
        await this.#readBlock(length);
      }
    } catch {
      // A failed read here is not fatal: digest() reads everything from the start again and reports it.
      this.#restart();
      this.#suspended = true;
    }
  }

  async #readBlock(length: number): Promise<void> {
    const generation = this.#generation;
    const position = this.#hashedBytes;
    this.#buffer ??= Buffer.allocUnsafe(Math.min(this.#blockBytes, Math.max(1, this.#options.size)));
    const buffer = this.#buffer;
    this.#readEnd = position + length;
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.#options.handle.read(
        buffer,
        filled,
        length - filled,
        position + filled,
      );
      if (bytesRead === 0) {
        throw new HubgetError('SIZE_MISMATCH', `Temp file ended at byte ${position + filled} while hashing`);
      }
      filled += bytesRead;
    }
    if (generation !== this.#generation) return;
    this.#hash.update(buffer.subarray(0, length));
    this.#hashedBytes = position + length;
  }
}
