/**
 * How many bytes of a temp file another program has really written.
 *
 * The apparent size (`st_size`) is only right for sequential writers (Python's HTTP code, JS). hf_transfer
 * writes whole chunks at their offsets into a file opened without truncation (docs/hub-downloaders.md §5.1), and
 * hf_xet writes reconstructed ranges in parallel (docs/hub-downloaders.md §5.2): the length jumps to the furthest
 * offset written while the holes below it hold nothing. A writer that pre-sizes its file (ftruncate/set_len) shows the
 * full length from the first second. The allocated size (`st_blocks × 512`) counts only blocks that hold
 * data, so for those writers it is the honest figure.
 *
 * Choice ('auto'): storedBytes (src/system/stored-bytes.ts), min(apparent, allocated). The min removes block rounding (a 100-byte file occupies
 * 4 KiB) and filesystem pre-allocation beyond EOF (XFS speculative pre-allocation). Known limit: on
 * compressing filesystems (ZFS/btrfs with compression) the allocated size is smaller than the data, so
 * progress is under-reported there; choose 'apparent' for such disks. Platforms without `st_blocks`
 * (Windows) always use the apparent size.
 */
import type { Stats } from 'node:fs';
import { allocatedBytes, storedBytes } from '../system/stored-bytes.js';

export type SizeMode = 'auto' | 'apparent' | 'allocated';

export function countedBytes(stats: Pick<Stats, 'size' | 'blocks'>, mode: SizeMode = 'auto'): number {
  if (mode === 'apparent') return stats.size;
  if (mode === 'allocated') return allocatedBytes(stats) ?? stats.size;
  return storedBytes(stats);
}
