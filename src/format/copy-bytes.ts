/**
 * What a copy of a repo (its folder in the HF cache, a local-dir download) takes on disk: the one measure hubget
 * says it by, in `hubget ls` (SIZE, the total), `hubget rm` and the web UI (the model list, "Total on disk", Delete's
 * "frees …" and its "… freed"), so that what is listed is what a deletion says it freed.
 * - Its finished files, a blob linked by several revisions once, by their length (`sizeOnDisk`): `hf cache scan`'s
 *   figure (huggingface_hub's `size_on_disk` is the blob's `st_size`; docs/hub-disk-layout.md §3.11), and
 *   `hf cache delete`'s "Saved".
 * - The temp files of its unfinished downloads (`unfinishedBytes`, what they hold: a temp file sized up front counts
 *   what was written, src/system/stored-bytes.ts), said apart ("+ 300.00 MB partial"): `hf cache scan` leaves them out.
 * The bookkeeping beside them is counted by neither, as by neither of `hf cache`'s commands: refs (40 B each),
 * `.no_exist/`, `trees/<commit>.json`, locks, a local dir's `.metadata` records (about 100 B a file). Before, deleting a
 * whole repo counted every file of its folder (`freed 20.54 kB` for a repo `ls` listed at 20.50 kB, its
 * `refs/main` the difference; a local dir of 3.09 kB freed 3.83 kB).
 *
 * Pure (no Node imports): the web UI bundles it.
 */
import { formatBytes } from './units.js';

export interface CopyBytes {
  /** Its finished files, each blob once, by their length. */
  sizeOnDisk: number;
  /** What the temp files of its unfinished downloads hold. */
  unfinishedBytes: number;
}

/** The whole of it: what deleting the copy frees. */
export function copyBytes(copy: CopyBytes): number {
  return copy.sizeOnDisk + copy.unfinishedBytes;
}

/** `1.20 GB`, or `1.20 GB + 300.00 MB partial` beside unfinished downloads (the web UI's "Total on disk"). */
export function copyBytesLabel(copy: CopyBytes): string {
  const finished = formatBytes(copy.sizeOnDisk);
  return copy.unfinishedBytes > 0 ? `${finished} + ${formatBytes(copy.unfinishedBytes)} partial` : finished;
}
