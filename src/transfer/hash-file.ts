/**
 * Content hash of a finished temp file: sha256 for LFS/Xet files, git blob sha1
 * (sha1 of "blob <size>\0" + content) for regular files (docs/hub-disk-layout.md §3.3,
 * docs/hub-downloaders.md §6.7 — Python never checks;
 * hubget does). Reads 4 MiB at a time into one reused buffer: hashing runs at the speed of OpenSSL
 * (sha256 ≈ 0.4–2 GB/s depending on SHA extensions), the file is usually still in the page cache.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { HubgetError } from '../errors.js';
import type { ExpectedContent } from './types.js';

const READ_BUFFER_BYTES = 4 * 1024 * 1024;

export interface HashFileOptions {
  signal?: AbortSignal;
  /** Told the bytes of each read as it is hashed (a verification's progress). */
  onBytes?: (bytes: number) => void;
}

export async function hashFile(
  path: string,
  algorithm: ExpectedContent['algorithm'],
  options: HashFileOptions = {},
): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const hash = createHash(algorithm === 'sha256' ? 'sha256' : 'sha1');
    if (algorithm === 'git-sha1') hash.update(`blob ${size}\0`);
    const buffer = Buffer.allocUnsafe(Math.min(READ_BUFFER_BYTES, Math.max(1, size)));
    let position = 0;
    for (;;) {
      if (options.signal?.aborted) throw new HubgetError('ABORTED', 'Hashing was aborted');
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      position += bytesRead;
      options.onBytes?.(bytesRead);
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

/** True when the file has the expected size and hash. */
export async function fileMatches(path: string, expected: ExpectedContent, options: HashFileOptions = {}) {
  const handle = await open(path, 'r');
  const { size } = await handle.stat().finally(() => handle.close());
  if (size !== expected.size) return false;
  return (await hashFile(path, expected.algorithm, options)) === expected.hex.toLowerCase();
}
