/**
 * What a file takes on disk, at most its length: its allocated blocks (`st_blocks × 512`) for a sparse file
 * (a temp file sized up front, or written at scattered offsets), its length otherwise (a 22-byte file in a
 * 4 KiB block is 22 B, as every listing says). The min also drops filesystem pre-allocation beyond the end
 * (XFS). Without `st_blocks` (Windows), the length. `du`'s figure, used wherever hubget says what a partial
 * or cached file holds: the cache's sizes (src/cache) and the watcher of other programs' downloads
 * (src/progress/external-file-size.ts).
 */
export function storedBytes(stat: FileStat): number {
  const allocated = allocatedBytes(stat);
  return allocated === null ? stat.size : Math.min(stat.size, allocated);
}

/** A file's length and, where the platform reports them, its 512-byte blocks. */
export interface FileStat {
  size: number;
  blocks?: number | undefined;
}

/** The bytes of the blocks a file has allocated, null where the platform does not report them (Windows). */
export function allocatedBytes(stat: FileStat): number | null {
  const { blocks } = stat;
  if (typeof blocks !== 'number' || !Number.isFinite(blocks) || blocks < 0 || process.platform === 'win32')
    return null;
  return blocks * 512;
}
