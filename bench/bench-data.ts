/**
 * The benchmark's inputs: one big deterministic file generated once under os.tmpdir() and reused across
 * runs (its sha256 cached beside it), and a repo of 300 small files of 4–200 KiB.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestFileSpec } from '../test/hub/test-hub.js';
import { writeDeterministicFile } from '../test/hub/test-hub.js';

export const BENCH_CACHE_DIR = join(tmpdir(), 'hubget-bench-cache');

/**
 * Path of a big file of `sizeBytes`, generated when missing (a few seconds for 1 GiB). Files of one size
 * differ by `name` (its bytes are seeded by it): a repo of several must not hold one blob several times.
 */
export async function ensureBigFile(sizeBytes: number, name = `big-${sizeBytes}.bin`): Promise<string> {
  await mkdir(BENCH_CACHE_DIR, { recursive: true });
  const filePath = join(BENCH_CACHE_DIR, name);
  const existing = await stat(filePath).catch(() => undefined);
  if (existing?.size === sizeBytes) return filePath;
  const partial = `${filePath}.partial`;
  await writeDeterministicFile(partial, sizeBytes, { path: name });
  await rename(partial, filePath);
  return filePath;
}

/** sha256 of a file, streamed. */
export async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(filePath, { highWaterMark: 4 << 20 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** 300 files, sizes 4–200 KiB from a fixed PRNG, in a few folders (so every tool creates directories). */
export function smallFileSpecs(count = 300): TestFileSpec[] {
  let state = 0x9e3779b9;
  const random = () => {
    // mulberry32: small, deterministic, good enough for picking sizes.
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const minBytes = 4 * 1024;
  const maxBytes = 200 * 1024;
  return Array.from({ length: count }, (_, index) => ({
    path: `shard-${String(index % 10).padStart(2, '0')}/part-${String(index).padStart(3, '0')}.bin`,
    size: minBytes + Math.floor(random() * (maxBytes - minBytes + 1)),
  }));
}

/** `count` files of 1–4 KiB in 100 folders: a listing large enough to time the planning. */
export function manyTinyFileSpecs(count: number): TestFileSpec[] {
  return Array.from({ length: count }, (_, index) => ({
    path: `part-${String(index % 100).padStart(2, '0')}/file-${String(index).padStart(5, '0')}.txt`,
    size: 1024 + ((index * 2654435761) % 3072),
  }));
}
