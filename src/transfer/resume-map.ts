/**
 * The resume map: a small JSON sidecar next to a temp file listing the byte ranges known to be on disk.
 * It is what makes pause/resume and a `kill -9` lose nothing (docs/hub-protocol.md §1.5: Python ≥ 1.18 no longer
 * resumes across runs at all; hubget does, but never from a file's length alone — docs/hub-downloaders.md §6.4 — only
 * from this map).
 *
 * Safety rule: a range is added only after `handle.write` for it resolved, and the file is replaced atomically
 * (write `<path>.tmp`, then rename), so the map never claims bytes that were not handed to the OS. Data is not
 * fsynced: after a power loss the map may claim bytes the disk lost, which the final hash check catches.
 */
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { HubgetError } from '../errors.js';
import { shellWord } from '../format/shell-word.js';
import { type ByteRange, RangeSet } from './range-set.js';
import type { ExpectedContent } from './types.js';

export const RESUME_MAP_VERSION = 1;

export interface ResumeMapFile {
  version: typeof RESUME_MAP_VERSION;
  /** Identity of the content being fetched: a map for other content is ignored. */
  size: number;
  algorithm: ExpectedContent['algorithm'];
  hash: string;
  /** Strong ETag of the remote content when first seen; a different one means the content changed. */
  etag: string | null;
  /** Finished byte ranges, half-open [start, end), sorted and merged. */
  ranges: ByteRange[];
  updatedAt: string;
}

export interface ResumeMapSummary {
  size: number;
  doneBytes: number;
  ranges: Array<[number, number]>;
}

/** Reads a resume map; null when it is missing, unreadable, or malformed (then the file starts over). */
export async function readResumeMapFile(path: string): Promise<ResumeMapFile | null> {
  return (await loadResumeMap(path)).map;
}

/**
 * A resume map and whether a file is there at all (`exists`: anything but ENOENT, even a malformed map),
 * so a transfer that finished without writing one knows there is nothing to delete.
 */
export async function loadResumeMap(path: string): Promise<{ map: ResumeMapFile | null; exists: boolean }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { map: null, exists: (error as NodeJS.ErrnoException).code !== 'ENOENT' };
  }
  try {
    return { map: parseResumeMap(JSON.parse(text)), exists: true };
  } catch {
    return { map: null, exists: true };
  }
}

/** Whether a readable resume map is at `path` (an earlier write stands when the last one failed). */
export async function hasResumeMap(path: string): Promise<boolean> {
  return (await loadResumeMap(path)).map !== null;
}

/** Size and finished ranges of a resume map (for plans showing partial bytes); null when there is none. */
export async function readResumeMap(path: string): Promise<ResumeMapSummary | null> {
  const map = await readResumeMapFile(path);
  if (!map) return null;
  const set = new RangeSet(map.ranges);
  return { size: map.size, doneBytes: set.totalBytes, ranges: set.toArray() };
}

export function identityMatches(map: ResumeMapFile, expected: ExpectedContent): boolean {
  return (
    map.size === expected.size &&
    map.algorithm === expected.algorithm &&
    map.hash.toLowerCase() === expected.hex.toLowerCase()
  );
}

function parseResumeMap(value: unknown): ResumeMapFile | null {
  if (typeof value !== 'object' || value === null) return null;
  const map = value as Record<string, unknown>;
  if (map.version !== RESUME_MAP_VERSION) return null;
  if (!isByteCount(map.size)) return null;
  if (map.algorithm !== 'sha256' && map.algorithm !== 'git-sha1') return null;
  if (typeof map.hash !== 'string') return null;
  if (!Array.isArray(map.ranges)) return null;
  const size = map.size;
  const ranges: ByteRange[] = [];
  for (const range of map.ranges) {
    if (!Array.isArray(range) || range.length !== 2) return null;
    const [start, end] = range as unknown[];
    if (!isByteCount(start) || !isByteCount(end) || end < start || end > size) return null;
    ranges.push([start, end]);
  }
  return {
    version: RESUME_MAP_VERSION,
    size,
    algorithm: map.algorithm,
    hash: map.hash,
    etag: typeof map.etag === 'string' ? map.etag : null,
    ranges,
    updatedAt: typeof map.updatedAt === 'string' ? map.updatedAt : '',
  };
}

function isByteCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export async function writeResumeMapFile(path: string, map: Omit<ResumeMapFile, 'version' | 'updatedAt'>) {
  const file: ResumeMapFile = { version: RESUME_MAP_VERSION, ...map, updatedAt: new Date().toISOString() };
  const temp = `${path}.tmp`;
  await writeFile(temp, JSON.stringify(file));
  await rename(temp, path);
}

/**
 * Records all of a temp file as on disk: for one whose content was verified but could not be put in place
 * (commit-planned-file.ts). A later run then takes it as done, checks its hash and commits it, fetching nothing.
 */
export async function writeWholeFileMap(path: string, expected: ExpectedContent): Promise<void> {
  await writeResumeMapFile(path, {
    size: expected.size,
    algorithm: expected.algorithm,
    hash: expected.hex,
    etag: null,
    ranges: expected.size > 0 ? [[0, expected.size]] : [],
  });
}

/** Deletes a temp file and its resume map (and the map's half-written `.tmp`): a partial download thrown away. */
export async function discardTemp(temp: { tempPath: string; resumeMapPath: string }): Promise<void> {
  await unlinkIfPresent(temp.tempPath);
  await removeResumeMap(temp.resumeMapPath);
}

/** Deletes the map and a `.tmp` left by an interrupted write: one unlink each (`rm` adds two lstats). */
export async function removeResumeMap(path: string): Promise<void> {
  await unlinkIfPresent(path);
  await unlinkIfPresent(`${path}.tmp`);
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export interface ResumeMapWriterOptions {
  path: string;
  expected: ExpectedContent;
  done: RangeSet;
  /** Minimum spacing of throttled writes. Default 500 ms. */
  intervalMs?: number;
  etag?: string | null;
  /**
   * Count construction as a write: the first throttled write comes one interval after the start, so a
   * file that finishes sooner never writes a map (after a kill -9 it loses at most what arrived since the
   * last map write, as always: here, less than one interval of bytes).
   */
  deferFirstWrite?: boolean;
  /** Runs once before the first write (transferFile sizes the temp file there: a map implies full size). */
  beforeFirstWrite?: () => Promise<void>;
  /** Runs before every write; a throw fails the write (transferFile: the temp file must still be there). */
  beforeWrite?: () => Promise<void>;
  /** A throttled write failed (a flush's failure is its caller's). */
  onThrottledError?: (error: unknown) => void;
}

/**
 * Persists a RangeSet throttled: `markDirty()` after each written chunk schedules at most one write per
 * interval; `flush()` writes now (on finish, abort, error). Writes never overlap.
 */
export class ResumeMapWriter {
  readonly #options: ResumeMapWriterOptions;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #dirty = false;
  #lastWriteAtMs = 0;
  #closed = false;
  #etag: string | null;
  #lastError: unknown;
  #wrote = false;

  constructor(options: ResumeMapWriterOptions) {
    this.#options = options;
    this.#intervalMs = options.intervalMs ?? 500;
    this.#etag = options.etag ?? null;
    if (options.deferFirstWrite) this.#lastWriteAtMs = Date.now();
  }

  /** True once a write was started (its file, or its `.tmp`, may exist). */
  get wrote(): boolean {
    return this.#wrote;
  }

  get etag(): string | null {
    return this.#etag;
  }

  set etag(etag: string | null) {
    if (etag === this.#etag) return;
    this.#etag = etag;
    this.markDirty();
  }

  markDirty(): void {
    this.#dirty = true;
    if (this.#timer || this.#closed) return;
    const waitMs = Math.max(0, this.#lastWriteAtMs + this.#intervalMs - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#write().catch((error: unknown) => {
        // A failed throttled write is retried by the next flush; flush() reports it.
        this.#lastError = error;
        this.#options.onThrottledError?.(error);
      });
    }, waitMs);
    this.#timer.unref?.();
  }

  /** Writes the current state now (after any write in progress). */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#dirty = true;
    await this.#write();
    this.#lastError = undefined;
  }

  /** Stops throttled writes and waits for one in progress (call flush() first to persist). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#writing;
  }

  get lastError(): unknown {
    return this.#lastError;
  }

  #write(): Promise<void> {
    const next = this.#writing.then(async () => {
      if (!this.#dirty) return;
      this.#dirty = false;
      const { path, expected, done, beforeFirstWrite, beforeWrite } = this.#options;
      await beforeWrite?.();
      if (!this.#wrote && beforeFirstWrite) await beforeFirstWrite();
      this.#wrote = true;
      this.#lastWriteAtMs = Date.now();
      await writeResumeMapFile(path, {
        size: expected.size,
        algorithm: expected.algorithm,
        hash: expected.hex,
        etag: this.#etag,
        ranges: done.toArray(),
      });
    });
    // Keep the chain alive after a failure so later writes still run.
    this.#writing = next.catch(() => {});
    return next;
  }
}

/**
 * Records the first strong ETag a file's responses carry in its resume map; a different one later means the
 * bytes on disk may belong to other content: CONTENT_CHANGED.
 */
export function checkEtag(mapWriter: ResumeMapWriter, etag: string | null, path: string): void {
  if (etag === null) return;
  if (mapWriter.etag === null) {
    mapWriter.etag = etag;
    return;
  }
  if (mapWriter.etag !== etag) {
    throw new HubgetError(
      'CONTENT_CHANGED',
      `${shellWord(path)} changed on the server (ETag ${mapWriter.etag} → ${etag})`,
      {
        details: { previousEtag: mapWriter.etag, etag },
      },
    );
  }
}
