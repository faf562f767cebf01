/**
 * Where a test file's bytes come from (in-memory buffer, deterministic generator, or a file on disk),
 * and the hashes the Hub would publish for it: sha256 (LFS oid) and git blob sha1 (docs/hub-protocol.md §2.2).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { deterministicBytes, deterministicChunks, deterministicStream } from './deterministic-bytes.js';

export type FileSource =
  | { kind: 'buffer'; buffer: Buffer }
  | { kind: 'generated'; key: string; size: number }
  | { kind: 'disk'; filePath: string; size: number };

const READ_CHUNK_BYTES = 4 << 20;

export function sourceSize(source: FileSource): number {
  return source.kind === 'buffer' ? source.buffer.length : source.size;
}

/** Bytes [start, endExclusive) of the source as a stream; never loads a big file whole. */
export function openRange(source: FileSource, start: number, endExclusive: number): Readable | Buffer {
  if (source.kind === 'buffer') return source.buffer.subarray(start, endExclusive);
  if (endExclusive <= start) return Buffer.alloc(0);
  if (source.kind === 'generated') return deterministicStream(source.key, start, endExclusive);
  return createReadStream(source.filePath, {
    start,
    end: endExclusive - 1,
    highWaterMark: READ_CHUNK_BYTES,
  });
}

async function* allChunks(source: FileSource): AsyncGenerator<Buffer> {
  if (source.kind === 'buffer') {
    yield source.buffer;
  } else if (source.kind === 'generated') {
    yield* deterministicChunks(source.key, 0, source.size);
  } else {
    for await (const chunk of createReadStream(source.filePath, { highWaterMark: READ_CHUNK_BYTES })) {
      yield chunk as Buffer;
    }
  }
}

export interface FileHashes {
  sha256: string;
  /** Git blob sha1 of the content: sha1("blob <size>\0" + content). */
  gitSha1: string;
}

/** Both hashes in one streaming pass. For disk files the result is cached in `<file>.hashes.json`. */
export async function hashSource(source: FileSource): Promise<FileHashes> {
  const size = sourceSize(source);
  let sidecar: string | undefined;
  let mtimeMs = 0;
  if (source.kind === 'disk') {
    sidecar = `${source.filePath}.hashes.json`;
    mtimeMs = (await stat(source.filePath)).mtimeMs;
    try {
      const cached = JSON.parse(await readFile(sidecar, 'utf8')) as FileHashes & {
        size: number;
        mtimeMs: number;
      };
      if (cached.size === size && cached.mtimeMs === mtimeMs)
        return { sha256: cached.sha256, gitSha1: cached.gitSha1 };
    } catch {
      // no usable cache: hash below
    }
  }
  const sha256 = createHash('sha256');
  const sha1 = createHash('sha1').update(`blob ${size}\0`);
  for await (const chunk of allChunks(source)) {
    sha256.update(chunk);
    sha1.update(chunk);
  }
  const hashes = { sha256: sha256.digest('hex'), gitSha1: sha1.digest('hex') };
  if (sidecar) {
    await writeFile(sidecar, JSON.stringify({ ...hashes, size, mtimeMs })).catch(() => undefined);
  }
  return hashes;
}

export function gitBlobSha1(content: Buffer | string): string {
  const buffer = Buffer.isBuffer(content) ? content : Buffer.from(content);
  return createHash('sha1').update(`blob ${buffer.length}\0`).update(buffer).digest('hex');
}

/** The git-lfs pointer text stored in git for an LFS file; its blob sha1 is the tree's `oid`. */
export function lfsPointer(sha256: string, size: number): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
}

export function readWhole(source: FileSource): Buffer {
  if (source.kind === 'buffer') return source.buffer;
  if (source.kind === 'generated') return deterministicBytes(source.key, source.size);
  throw new Error('contentOf() is for small in-memory or generated files, not disk files');
}
