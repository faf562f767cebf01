/**
 * What was read from a file or a folder, kept while its stamp says it is unchanged: a `stat` (a few µs, done
 * synchronously while the disk answers fast: sync-fs-switch.ts) in place of an open, a read and a parse. What
 * "is here" asks again and again in one process (the server's model pages, a mirror's plans) reads through it:
 * the local dirs' `.metadata` records and markers, and the HF cache's `blobs/` listings (docs/api-hub-system.md,
 * "Cost"). A CLI run asks once, and so reads everything, as before.
 *
 * The stamp is device, inode, size, mtime and ctime. A file rewritten in place gets a new mtime and ctime (and
 * ctime cannot be set back, as `touch -r` or `cp -p` set mtime); one replaced by a rename gets a new inode; a
 * folder whose entry is added, removed or renamed gets a new mtime and ctime. But a file system keeps times in
 * ticks (a few ms of the kernel's coarse clock; 1 s on ext3, 2 s on FAT), so a change within the tick of the
 * read could leave the same stamp: a read is kept only when its stamp's times lie more than SETTLED_AFTER_MS
 * before the `stat`; a file or folder changed more recently is read again each time (git's "racily clean"
 * entries). What it cannot see: a change on another machine that a network file system's cached attributes do
 * not show yet (NFS keeps them up to a minute); a file system whose clock runs more than SETTLED_AFTER_MS behind
 * this one's.
 *
 * One path may be kept by readers of several kinds at once (a local dir's download folder is listed for its
 * records and for its temp files): each kind's read is kept apart, so two readers never drop each other's.
 *
 * Bounded: at most MAX_KEPT_READS reads (a path and a kind), the least recently asked dropped first. An ask of more paths than that
 * (a dataset of 100 000 files in a local dir) drops its own first ones before it asks them again, so it reads
 * everything each time, as it did without the cache.
 */
import type { Stats } from 'node:fs';
import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { MAX_KEPT_READS } from '../defaults.js';
import { metadataCall } from './sync-fs-switch.js';

/**
 * A stamp this much older than its `stat` holds still (FAT's 2 s ticks, the kernel's coarse clock behind
 * Date.now() by a tick): a later change gets a later time.
 */
export const SETTLED_AFTER_MS = 3000;

/** What `read` makes of a path: its content parsed, its listing. `kind` tells two readers of one path apart. */
export interface PathReader<T> {
  kind: string;
  read(path: string): Promise<T>;
}

interface Stamp {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** A read kept: its stamp's fields inline (one object a read, ~50 000 of them at most). */
interface Kept extends Stamp {
  value: unknown;
}

/** Where a read of `path` by a reader of `kind` is kept (a NUL is in no path). */
const keyOf = (path: string, kind: string) => `${kind}\0${path}`;

const stampOf = ({ dev, ino, size, mtimeMs, ctimeMs }: Stats): Stamp => ({
  dev,
  ino,
  size,
  mtimeMs,
  ctimeMs,
});

const sameStamp = (a: Stamp, b: Stamp) =>
  a.dev === b.dev &&
  a.ino === b.ino &&
  a.size === b.size &&
  a.mtimeMs === b.mtimeMs &&
  a.ctimeMs === b.ctimeMs;

/** `stat` (following a link, as a read does), or undefined when nothing is there or it cannot be read. */
const statOf = (path: string) =>
  metadataCall(
    () => {
      try {
        return statSync(path, { throwIfNoEntry: false });
      } catch {
        return undefined;
      }
    },
    () => stat(path).catch(() => undefined),
  );

export interface KeptReadsOptions {
  /** Reads kept at most (a path and a kind). @default MAX_KEPT_READS */
  limit?: number;
  /** The wall clock (Date.now's), which the stamps' times are compared with. */
  now?: () => number;
}

export class KeptReads {
  readonly #entries = new Map<string, Kept>();
  readonly #limit: number;
  readonly #now: () => number;

  constructor(options: KeptReadsOptions = {}) {
    this.#limit = options.limit ?? MAX_KEPT_READS;
    this.#now = options.now ?? Date.now;
  }

  /** Reads kept now (a path and a kind). */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * What `reader` makes of `path`: the value kept when its stamp is unchanged since, else read now (and kept once
   * settled); undefined when nothing is at `path` (or it cannot be stat'ed). A reader's failure is thrown, not kept.
   */
  async read<T>(path: string, reader: PathReader<T>): Promise<T | undefined> {
    const statAt = this.#now();
    const stats = await statOf(path);
    const key = keyOf(path, reader.kind);
    const kept = this.#entries.get(key);
    this.#entries.delete(key);
    if (stats === undefined) return undefined;
    const stamp = stampOf(stats);
    if (kept !== undefined && sameStamp(kept, stamp)) {
      this.#entries.set(key, kept);
      return kept.value as T;
    }
    const value = await reader.read(path);
    if (Math.max(stamp.mtimeMs, stamp.ctimeMs) < statAt - SETTLED_AFTER_MS) {
      this.#keep(key, { ...stamp, value });
    }
    return value;
  }

  /** Keeps `kept` as the most recently asked, dropping the least recently asked beyond the limit. */
  #keep(key: string, kept: Kept): void {
    this.#entries.delete(key);
    this.#entries.set(key, kept);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#limit) break;
      this.#entries.delete(oldest);
    }
  }
}

/** The process's kept reads: every ask of "what is here" shares them (a server's requests, a mirror's plans). */
export const KEPT_READS = new KeptReads();
