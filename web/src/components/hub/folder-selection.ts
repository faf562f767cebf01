/**
 * What the model page's Download does with its selection when it goes into a folder under the models dir: the
 * files the folder holds already, those copied from the HF cache instead of fetched, and what is left to fetch,
 * as the download preview (POST /api/downloads/preview with the job's `localDir`) says; the page's own
 * `onDisk` marks speak of the installed copy, which may be elsewhere (download-selection.ts for the HF cache).
 */
import type { PreviewResponse } from '../../../../src/api-types.js';
import { fitsOnDisk, notEnoughSpaceMessage } from '../../../../src/format/disk-fit.js';
import { copyPlacesWords, formatBytes } from '../../format/units.js';
import type { DownloadSelection } from './download-selection.js';
import type { RepoDestination } from './use-repo-destination.js';

/**
 * "5 of 11 files, 45.10 kB into folder tiny-GGUF (2 there already; 20.00 kB to copy from the HF cache,
 * 10.00 kB to fetch)"; "…, all in folder tiny-GGUF already"; "(checking…)" until the preview answers, and
 * "(not checked: …)" when it failed but did not refuse the download (a refusal is said beside Download); then
 * "Not enough free disk space: …" when what it writes does not fit the folder's disk (Download stays on, as in
 * the download form: the job queues and fails DISK_FULL if it starts without room).
 */
export function folderSummary(
  selection: DownloadSelection,
  totalFiles: number,
  folder: string,
  check: Pick<RepoDestination, 'preview' | 'error' | 'refused'>,
): string {
  const chosen = `${selection.files.length} of ${totalFiles} files, ${formatBytes(selection.bytes)}`;
  const { preview, error, refused } = check;
  if (error !== null)
    return refused
      ? `${chosen} into folder ${folder}`
      : `${chosen} into folder ${folder} (not checked: ${error})`;
  if (preview === null) return `${chosen} into folder ${folder} (checking…)`;
  const there = preview.files.filter((file) => file.present).length;
  if (preview.files.length > 0 && there === preview.files.length)
    return `${chosen}, all in folder ${folder} already`;
  const parts = [
    ...(preview.copiedBytes > 0
      ? [`${formatBytes(preview.copiedBytes)} to copy from ${copyPlacesWords(preview.copiedFrom)}`]
      : []),
    `${formatBytes(preview.bytesToFetch)} to fetch`,
  ].join(', ');
  const line = `${chosen} into folder ${folder} (${there > 0 ? `${there} there already; ` : ''}${parts})`;
  // The folder may be on another disk than the HF cache: the page's free disk is not its word.
  return fitsOnDisk(preview.bytesToWrite, preview.freeBytes)
    ? line
    : `${line}. ${notEnoughSpaceMessage(preview.bytesToWrite, preview.freeBytes, preview.destination)}.`;
}

/** Why Download is off: the folder holds every selected file already ("Installed: Q4_K_M is in folder x already."). */
export function folderOnDiskReason(
  preview: PreviewResponse | null,
  quant: string | null,
  folder: string,
): string | null {
  if (!preview || preview.files.length === 0 || preview.files.some((file) => !file.present)) return null;
  return `Installed: ${quant ?? 'the selected files'} ${quant === null ? 'are' : 'is'} in folder ${folder} already.`;
}
