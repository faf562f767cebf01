/**
 * The two ways PrefixHasher feeds a hash (prefix-hasher.ts): `HashState` is what it needs of one hash in
 * progress; `InlineHash` reads through the transfer's handle on the main thread (small files, where a worker
 * round trip would cost more than the hash). The worker-thread kind is in hash-worker.ts.
 */
import { createHash } from 'node:crypto';
import { HubgetError } from '../errors.js';
import type { TempHandle } from './temp-handle.js';

/** One hash in progress: bytes are handed over in file order, by position in the temp file. */
export interface HashState {
  update(handle: TempHandle, position: number, length: number): Promise<void>;
  /** The next bytes, from memory (inline hashes only). */
  hashBytes?(bytes: Uint8Array): void;
  digest(): Promise<string>;
  dispose(): void;
}

/** Reads through the transfer's handle on the main thread (small files). */
export class InlineHash implements HashState {
  readonly #hash;
  readonly #bufferBytes: number;
  #buffer: Buffer | undefined;

  constructor(algorithm: string, prefix: string, blockBytes: number, size: number) {
    this.#hash = createHash(algorithm);
    if (prefix) this.#hash.update(prefix);
    this.#bufferBytes = Math.min(blockBytes, Math.max(1, size));
  }

  async update(handle: TempHandle, position: number, length: number): Promise<void> {
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
