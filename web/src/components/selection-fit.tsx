/**
 * Whether the Models page's download form's selection fits its destination's disk, by the one rule of the preview,
 * the engine's preflight and the model page (src/format/disk-fit.ts): once a Preview said the selection's size and
 * what the destination holds of it, its bytes to write against its free disk ('short': the preview's "Not enough
 * free disk space: …"); when the Folder changed since (the Preview of the same selection into another place is put
 * away, its size still holds), the selection's whole size against the new folder's own free disk, the figure the form
 * shows beside it (use-folder-disk.ts): what fits whole fits, what does not may fit only if the folder holds part of
 * it already, which only a Preview of it says ('unsure').
 */
import type { PreviewResponse } from '../../../src/api-types.js';
import { type DiskVerdict, diskVerdict, fitsOnDisk } from '../../../src/format/disk-fit.js';
import { formatBytes } from '../format/units.js';

/** Not enough disk, may lack disk, or nothing to say (it fits, or what must fit is not known). */
export type SelectionFit =
  | Extract<DiskVerdict, { verdict: 'short' }>
  | { verdict: 'unsure'; sizeBytes: number; freeBytes: number }
  | null;

/**
 * `preview`: the Preview of this selection into this destination, null when there is none (yet, or put away);
 * `sizeBytes`: the selection's size a Preview of it said, null when none did; `folderFreeBytes`: the chosen folder's
 * free disk (use-folder-disk.ts), null for the HF cache and while unknown.
 */
export function selectionFit(
  preview: PreviewResponse | null,
  sizeBytes: number | null,
  folderFreeBytes: number | null,
): SelectionFit {
  if (preview !== null) {
    const verdict = diskVerdict(preview.totalBytes, preview.bytesToWrite, preview.freeBytes);
    return verdict.verdict === 'short' ? verdict : null;
  }
  if (sizeBytes === null || folderFreeBytes === null || fitsOnDisk(sizeBytes, folderFreeBytes)) return null;
  return { verdict: 'unsure', sizeBytes, freeBytes: folderFreeBytes };
}

/** Beside the folder's Free disk: the selection may not fit there ('unsure'); nothing otherwise. */
export function FolderFitNote({ fit }: { fit: SelectionFit }) {
  if (fit?.verdict !== 'unsure') return null;
  return (
    <span className="field__hint text-warning" role="status">
      May lack disk: the selection is {formatBytes(fit.sizeBytes)}, {formatBytes(fit.freeBytes)} free here; it
      fits only if the folder holds part of it already (Preview says).
    </span>
  );
}
