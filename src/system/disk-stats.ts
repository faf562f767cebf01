/**
 * Free and total space of the filesystem that holds (or will hold) a path. Like Python's
 * `_check_disk_space` (docs/hub-downloaders.md §6.11) it walks up to the first existing ancestor, so a destination
 * folder that has not been created yet still gets an answer.
 */
import { statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { DiskStats } from '../api-types.js';
import { HubgetError } from '../errors.js';
import { colonAfter } from '../format/path-punctuation.js';
import { shellWord } from '../format/shell-word.js';

export async function getDiskStats(path: string): Promise<DiskStats> {
  const requested = resolve(path);
  let current = requested;
  for (;;) {
    try {
      const stats = await statfs(current);
      // bavail (not bfree): blocks an unprivileged process may use, i.e. what a download can fill.
      return {
        path: requested,
        freeBytes: Number(stats.bavail) * Number(stats.bsize),
        totalBytes: Number(stats.blocks) * Number(stats.bsize),
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const parent = dirname(current);
      if ((code === 'ENOENT' || code === 'ENOTDIR') && parent !== current) {
        current = parent;
        continue;
      }
      if (code === 'ENOSYS' || code === 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM') {
        throw new HubgetError('NOT_SUPPORTED', `Cannot read disk space on this platform (${code})`, {
          cause: error,
        });
      }
      throw new HubgetError(
        'IO_ERROR',
        colonAfter(`Cannot read disk space of ${shellWord(current)}`, code ?? String(error), true),
        {
          cause: error,
          details: { path: requested },
        },
      );
    }
  }
}

/**
 * The free bytes a download may count on, by one rule for the engine's preflight (src/transfer/disk-space.ts)
 * and the server's preview: a file system without blocks (/proc, /sys) has a free count that means nothing, so
 * it is not "0 B free" (writing there fails on its own, with the real reason).
 */
export function usableFreeBytes(stats: Pick<DiskStats, 'freeBytes' | 'totalBytes'>): number {
  return stats.totalBytes === 0 ? Number.POSITIVE_INFINITY : stats.freeBytes;
}
