/**
 * Deterministic pseudo-random file content for the test hub and the benchmark.
 * AES-128-CTR over zeros: fast (GB/s with AES-NI), and random access, so any byte range of a
 * multi-GiB virtual file can be produced without generating what precedes it or holding it in memory.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const CHUNK_BYTES = 1 << 20;
const ZEROS = Buffer.alloc(CHUNK_BYTES);

/** The key naming one virtual file: the same key always yields the same bytes. */
export function contentKey(seed: string, path: string): string {
  return `${seed}:${path}`;
}

function cipherAt(key: string, offset: number) {
  const aesKey = createHash('sha256').update(key).digest().subarray(0, 16);
  // The counter block is the 16-byte block index, big-endian: block n covers bytes [16n, 16n+16).
  const iv = Buffer.alloc(16);
  iv.writeBigUInt64BE(BigInt(Math.floor(offset / 16)), 8);
  const cipher = createCipheriv('aes-128-ctr', aesKey, iv);
  const skip = offset % 16;
  if (skip > 0) cipher.update(ZEROS.subarray(0, skip));
  return cipher;
}

/** Bytes [start, endExclusive) of the virtual file named `key`, as an async iterable of chunks. */
export async function* deterministicChunks(
  key: string,
  start: number,
  endExclusive: number,
  chunkBytes = CHUNK_BYTES,
): AsyncGenerator<Buffer> {
  const cipher = cipherAt(key, start);
  let position = start;
  while (position < endExclusive) {
    const length = Math.min(chunkBytes, CHUNK_BYTES, endExclusive - position);
    yield cipher.update(ZEROS.subarray(0, length));
    position += length;
  }
}

export function deterministicStream(key: string, start: number, endExclusive: number): Readable {
  return Readable.from(deterministicChunks(key, start, endExclusive), { objectMode: false });
}

/** Whole content in memory: small files only. */
export function deterministicBytes(key: string, size: number): Buffer {
  const cipher = cipherAt(key, 0);
  return cipher.update(Buffer.alloc(size));
}

/**
 * Write `size` deterministic bytes to `filePath` (1 GiB in a few seconds), e.g. for a benchmark file that
 * the hub then serves with `sourceFile`. Same bytes as a hub file `{ path, size }` with the same seed.
 */
export async function writeDeterministicFile(
  filePath: string,
  size: number,
  options: { seed?: string; path?: string } = {},
): Promise<void> {
  const key = contentKey(options.seed ?? DEFAULT_SEED, options.path ?? filePath);
  await pipeline(
    deterministicStream(key, 0, size),
    createWriteStream(filePath, { highWaterMark: 4 * CHUNK_BYTES }),
  );
}

export const DEFAULT_SEED = 'hubget-test-hub';
