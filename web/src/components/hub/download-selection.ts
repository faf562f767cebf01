/**
 * What the model page's Download would fetch: the selected files, those of them the installed copy already
 * holds at the page's commit (`RepoPageFile.onDisk`, the server's rule in src/cache/plan-on-disk.ts), and
 * what is left to fetch. One place for the status line beside the button and for why Download is off when
 * nothing is left.
 */
import type { RepoPageFile } from '../../../../src/api-types.js';
import { formatBytes } from '../../format/units.js';

export interface DownloadSelection {
  files: RepoPageFile[];
  bytes: number;
  /** Selected files on disk already (a download skips them). */
  onDiskFiles: number;
  /** What a download of the selection fetches: the bytes of the selected files not on disk. */
  bytesToFetch: number;
}

export function downloadSelection(
  files: readonly RepoPageFile[],
  selected: ReadonlySet<string>,
): DownloadSelection {
  const chosen = files.filter((file) => selected.has(file.path));
  const sum = (list: readonly RepoPageFile[]) => list.reduce((total, file) => total + file.size, 0);
  const toFetch = chosen.filter((file) => !file.onDisk);
  return {
    files: chosen,
    bytes: sum(chosen),
    onDiskFiles: chosen.length - toFetch.length,
    bytesToFetch: sum(toFetch),
  };
}

/** "3 of 11 files, 40 kB", and when some of them are on disk, how many and what is left to fetch. */
export function selectionSummary(selection: DownloadSelection, totalFiles: number): string {
  const chosen = `${selection.files.length} of ${totalFiles} files, ${formatBytes(selection.bytes)}`;
  if (selection.onDiskFiles === 0) return chosen;
  if (selection.onDiskFiles === selection.files.length) return `${chosen}, all on disk`;
  return `${chosen} (${selection.onDiskFiles} on disk; ${formatBytes(selection.bytesToFetch)} to fetch)`;
}

/**
 * Why Download is off though files are selected: every one of them is on disk already at this commit
 * ("Installed: Q6_K is on disk already." for a quantization's selection). Null when something is left to fetch.
 */
export function onDiskReason(selection: DownloadSelection, quant: string | null): string | null {
  if (selection.files.length === 0 || selection.onDiskFiles < selection.files.length) return null;
  return quant === null
    ? 'Installed: the selected files are on disk already.'
    : `Installed: ${quant} is on disk already.`;
}
