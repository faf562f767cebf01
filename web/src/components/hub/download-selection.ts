/**
 * What the model page's Download would fetch: the selected files, those of them here already — the installed copy
 * holds them at the page's commit (`RepoPageFile.onDisk`, the server's rule in src/cache/plan-on-disk.ts), or a
 * local dir under the models folder does (`localDirs`), or another repo's folder in the HF cache holds their blob
 * (`cachedAs`), which a download into the HF cache copies them from (the preview's `copiedBytes`) —, what unfinished downloads into the HF cache hold of the others (`partialBytes`: a
 * paused job's temp files, which a download resumes from), and what is left to fetch: the preview's `bytesToFetch`.
 * One place for the status line beside the button and for why Download is off when nothing is left.
 */
import type { RepoPageFile } from '../../../../src/api-types.js';
import { cachedAsWords } from '../../../../src/format/copy-places.js';
import { formatBytes } from '../../format/units.js';
import { folderName } from './destination-holds.js';

export interface DownloadSelection {
  files: RepoPageFile[];
  bytes: number;
  /** Selected files here already: on disk in the installed copy, or in a local dir (a download skips or copies them). */
  onDiskFiles: number;
  /** Of those, the files only local dirs hold (not `onDisk`), and those dirs' folders. */
  inFolders: { files: number; folders: string[] };
  /** Of those, the files only other repos' folders in the HF cache hold (`cachedAs`), and those repos. */
  inOtherRepos: { files: number; repos: string[] };
  /** What unfinished downloads hold of the selected files not here. */
  partialBytes: number;
  /** What a download of the selection fetches: the bytes of the selected files not here, less `partialBytes`. */
  bytesToFetch: number;
}

export function downloadSelection(
  files: readonly RepoPageFile[],
  selected: ReadonlySet<string>,
): DownloadSelection {
  const chosen = files.filter((file) => selected.has(file.path));
  const sum = (list: readonly RepoPageFile[]) => list.reduce((total, file) => total + file.size, 0);
  const toFetch = chosen.filter(
    (file) => !file.onDisk && file.localDirs.length === 0 && file.cachedAs.length === 0,
  );
  const onlyInFolders = chosen.filter((file) => !file.onDisk && file.localDirs.length > 0);
  // A file a folder holds too is copied from the folder (the plan looks there first).
  const onlyInOtherRepos = chosen.filter(
    (file) => !file.onDisk && file.localDirs.length === 0 && file.cachedAs.length > 0,
  );
  const partialBytes = toFetch.reduce((total, file) => total + Math.min(file.partialBytes, file.size), 0);
  return {
    files: chosen,
    bytes: sum(chosen),
    onDiskFiles: chosen.length - toFetch.length,
    inFolders: {
      files: onlyInFolders.length,
      folders: [...new Set(onlyInFolders.flatMap((file) => file.localDirs))],
    },
    inOtherRepos: {
      files: onlyInOtherRepos.length,
      repos: [...new Set(onlyInOtherRepos.flatMap((file) => file.cachedAs))],
    },
    partialBytes,
    bytesToFetch: sum(toFetch) - partialBytes,
  };
}

/**
 * "3 of 11 files, 40 kB", and when some of it is on disk, what (files whole, bytes fetched of the others) and what
 * is left to fetch: "(4 on disk + 3.00 kB fetched; 7.00 kB to fetch)", "(3.00 kB fetched; 7.00 kB to fetch)".
 * "Fetched", not "partial": the bytes a download resumes from (the resume maps' count), which can read a little
 * less than the Installed card's "+ … partial", the space the temp files take (du's figure, `unfinishedBytes`).
 * When the files on disk are in a folder (`folder`: the installed copy is a local dir), what Download does with
 * them follows (folderCopyNote).
 */
export function selectionSummary(
  selection: DownloadSelection,
  totalFiles: number,
  folder: string | null = null,
): string {
  const note = folderCopyNote(selection, folder);
  const summary = filesSummary(selection, totalFiles);
  return note === null ? summary : `${summary}. ${note}`;
}

function filesSummary(selection: DownloadSelection, totalFiles: number): string {
  const chosen = `${selection.files.length} of ${totalFiles} files, ${formatBytes(selection.bytes)}`;
  const { onDiskFiles, partialBytes } = selection;
  if (onDiskFiles === 0 && partialBytes === 0) return chosen;
  if (onDiskFiles === selection.files.length) return `${chosen}, all on disk`;
  const partial = `${formatBytes(partialBytes)} fetched`;
  const there =
    partialBytes === 0
      ? `${onDiskFiles} on disk`
      : onDiskFiles === 0
        ? partial
        : `${onDiskFiles} on disk + ${partial}`;
  return `${chosen} (${there}; ${formatBytes(selection.bytesToFetch)} to fetch)`;
}

/**
 * Why Download is off though files are selected: every one of them is on disk already at this commit
 * ("Installed: Q6_K is on disk already." for a quantization's selection). Null when something is left to fetch,
 * and when the files are on disk only in a folder (`installedIn` 'local'): the page's Download into the HF
 * cache copies them from the folder instead of fetching them (docs/cache-layout.md, "Reuse of a local dir"), and
 * a user may want that copy (transformers, vLLM read the cache). For a download into a folder: folder-selection.ts.
 */
export function onDiskReason(
  selection: DownloadSelection,
  quant: string | null,
  installedIn: 'cache' | 'local' | null = 'cache',
): string | null {
  if (installedIn === 'local') return null;
  const inCopy = selection.onDiskFiles - selection.inFolders.files - selection.inOtherRepos.files;
  if (selection.files.length === 0 || inCopy < selection.files.length) return null;
  return quant === null
    ? 'Installed: the selected files are on disk already.'
    : `Installed: ${quant} is on disk already.`;
}

/**
 * What the page's Download does with files folders hold (the installed copy is a local dir, `folder`: its `onDisk`
 * files; or a local dir holds files the copy lacks, `inFolders`; or other repos' folders in the HF cache hold their
 * blobs, `inOtherRepos`): "3 of them are in folder a: Download copies them into the HF cache, not fetched", "It is
 * cached as other/fork: …"; null when none is.
 */
function folderCopyNote(selection: DownloadSelection, folder: string | null): string | null {
  const { inFolders, inOtherRepos } = selection;
  const inCopy = folder === null ? 0 : selection.onDiskFiles - inFolders.files - inOtherRepos.files;
  const count = inCopy + inFolders.files + inOtherRepos.files;
  if (count === 0) return null;
  const folders = [...new Set([...(inCopy > 0 && folder !== null ? [folder] : []), ...inFolders.folders])];
  const all = count === selection.files.length;
  const which = all ? (count === 1 ? 'It is' : 'They are') : `${count} of them ${count === 1 ? 'is' : 'are'}`;
  const where = [
    ...(folders.length === 0
      ? []
      : [folders.length === 1 ? `in ${folderName(folders[0]!)}` : `in folders ${folders.join(', ')}`]),
    ...(inOtherRepos.files === 0 ? [] : [cachedAsWords(inOtherRepos.repos)]),
  ].join(' or ');
  return `${which} ${where}: Download copies ${count === 1 ? 'it' : 'them'} into the HF cache, not fetched.`;
}
