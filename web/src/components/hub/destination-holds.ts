/**
 * What the model page's chosen destination holds of the repo, and where else it is here: the quantization list's
 * "installed" and "in …" tags, its "not enough disk" hint, the split-quantization warning and the file list's
 * "on disk" tags all read it, so they describe the HF cache when it is chosen and the chosen folder when Folder is.
 * The HF cache: the installed copy when it is the cache's (`RepoPageFile.onDisk`, `InstalledModel.quants`) and the
 * server's fit hint against the cache's free disk (`GgufQuantView.fits`), its figures from the page's files. A
 * folder: what the download previews into it said of each file (`present`: folder-facts.ts, kept while the next one
 * is asked; each preview says it of the whole listing), else the local dirs the page names as holding it at its own
 * path, where the download writes it (`RepoPageFile.localDirsAtPath`; a folder that holds its content at another
 * path does not count). Every quantization's disk verdict (src/format/disk-fit.ts's rule, the preview's and the
 * engine's) weighs what the chosen folder lacks of it, less what unfinished downloads in that folder hold (the
 * previews' `partialBytes`; the page's are the HF cache's, never counted for a folder), against the folder's free
 * disk, the figure the page shows (`folderFreeBytes`: the folder's own disk, asked at once, then the previews'; no
 * verdict before either answers): it fits, it fits with what is there already, or not enough disk (needs X, Y
 * free). Before a preview into the folder has answered, a file it does not hold whole counts whole: a
 * quantization that fits only if the folder holds part of it is "checking disk…" while a preview is asked, else
 * "may lack disk" (the preview failed). Where else: the HF cache,
 * a folder (the models folder itself, when it is a local dir, by name), or another repo's folder in the HF cache
 * whose blob a download copies (`cachedAs`, `hubget info`'s "cached as other/fork").
 */
import type { GgufQuantView, RepoPageResponse } from '../../../../src/api-types.js';
import { MODELS_DIR_ITSELF } from '../../../../src/cache/local-dir-folder.js';
import { cachedAsWords } from '../../../../src/format/copy-places.js';
import {
  type DiskVerdict,
  diskVerdict,
  fileBytesToWrite,
  fitsOnDisk,
} from '../../../../src/format/disk-fit.js';
import type { RepoDestination } from './use-repo-destination.js';

/** The folder a job's `localDir` names ("tiny", "/models/tiny/"): its last segment, as the server resolves it. */
export function folderOfLocalDir(localDir: string): string {
  const segments = localDir.trim().split('/').filter(Boolean);
  return segments.at(-1) ?? '';
}

export interface QuantMarks {
  /** The destination holds every file of it. */
  installed: boolean;
  /** Where else every file of it is here ("in HF cache", "in folder tiny", "cached as other/fork"), when not `installed`; null for nowhere. */
  elsewhere: string | null;
  /** Whether what of it the destination lacks fits its free disk (DiskRoom); 'fits' also while the disk is unknown. */
  room: DiskRoom;
}

/**
 * A DiskVerdict, or, while what the folder holds of it is not known: 'checking', it fits only if the folder holds
 * part of it already and the preview being asked will say ("checking disk…"); 'unsure', the same with no preview
 * asked or answered ("may lack disk").
 */
export type DiskRoom = DiskVerdict | { verdict: 'checking' | 'unsure' };

const FITS: DiskRoom = { verdict: 'fits' };

export interface DestinationHolds {
  /** The words for being in the destination: "on disk" (the HF cache), "in folder tiny". */
  where: string;
  /** Whether the destination holds the file at `path`. */
  holds(path: string): boolean;
  /** Where else the file is here, when the destination does not hold it ("in HF cache", "in folder tiny", "cached as other/fork"). */
  elsewhere(path: string): string | null;
  quant(quant: GgufQuantView): QuantMarks;
}

type Where = Pick<RepoDestination, 'destination' | 'localDir' | 'known' | 'folderFreeBytes' | 'previewing'>;

/** A folder the page names (`RepoPageFile.localDirs`), in words: "folder tiny", "the models folder". */
export const folderName = (folder: string) =>
  folder === MODELS_DIR_ITSELF ? 'the models folder' : `folder ${folder}`;

const folderWords = (folders: readonly string[]) =>
  folders.length === 0
    ? null
    : `in ${folderName(folders[0]!)}${folders.length > 1 ? ` +${folders.length - 1}` : ''}`;

/** Where else, besides the destination: the folders first (as the plan looks), then other repos' cache folders. */
const elsewhereWords = (folders: readonly string[], cachedAs: readonly string[]) =>
  folderWords(folders) ?? cachedAsWords(cachedAs);

const IN_CACHE = 'in HF cache';

export function destinationHolds(page: RepoPageResponse, where: Where): DestinationHolds {
  const inCache = page.installed?.location === 'cache';
  const byPath = new Map(page.files.map((file) => [file.path, file]));
  const cacheHolds = (path: string) => inCache && byPath.get(path)?.onDisk === true;
  const sizeOf = (path: string) => byPath.get(path)?.size ?? 0;
  /** Of `paths`, what a download writes: each file's bytes to write, as `bytesOf` tells them. */
  const sum = (paths: readonly string[], bytesOf: (path: string) => number) =>
    paths.reduce((total, path) => total + bytesOf(path), 0);
  const foldersOf = (path: string) => byPath.get(path)?.localDirs ?? [];
  const cachedAsOf = (path: string) => byPath.get(path)?.cachedAs ?? [];
  if (where.destination !== 'local') {
    return {
      where: 'on disk',
      holds: cacheHolds,
      elsewhere: (path) => (cacheHolds(path) ? null : elsewhereWords(foldersOf(path), cachedAsOf(path))),
      quant: (quant) => {
        const installed = inCache && (page.installed?.quants.includes(quant.name) ?? false);
        // The server's verdict (fits.disk); the figures from the page's files, as the server counted them.
        const need = sum(quant.files, (path) =>
          fileBytesToWrite({
            size: sizeOf(path),
            present: byPath.get(path)?.onDisk === true,
            partialBytes: byPath.get(path)?.partialBytes ?? 0,
          }),
        );
        const verdict = diskVerdict(quant.totalBytes, need, page.freeDiskBytes);
        return {
          installed,
          elsewhere: installed ? null : elsewhereWords(quant.localDirs, quant.cachedAs),
          room: quant.fits.disk
            ? verdict.verdict === 'short'
              ? FITS
              : verdict
            : { verdict: 'short', needBytes: need, freeBytes: page.freeDiskBytes },
        };
      },
    };
  }
  const folder = folderOfLocalDir(where.localDir ?? '');
  const { known, folderFreeBytes: freeBytes, previewing } = where;
  const holds = (path: string) =>
    known?.files.get(path)?.present ?? (byPath.get(path)?.localDirsAtPath ?? []).includes(folder);
  const others = (folders: readonly string[]) => folders.filter((name) => name !== folder);
  // What a download into the folder writes of a file: what a preview of the folder said it lacks, else all of it
  // unless the folder holds it whole (what an unfinished download there holds of it only a preview says).
  const toWrite = (path: string) => {
    const said = known?.files.get(path);
    if (said !== undefined) return fileBytesToWrite({ size: sizeOf(path), ...said });
    return holds(path) ? 0 : sizeOf(path);
  };
  const roomFor = (quant: GgufQuantView): DiskRoom => {
    if (freeBytes === null) return FITS;
    const need = sum(quant.files, toWrite);
    // Files no preview spoke of may be partly in the folder: they need no more than their size, maybe less.
    const unsaid = quant.files.filter((path) => !holds(path) && !known?.files.has(path));
    if (unsaid.length === 0 || fitsOnDisk(need, freeBytes)) {
      return diskVerdict(quant.totalBytes, need, freeBytes);
    }
    // What the previews said the folder lacks does not fit by itself: not enough, at least that much.
    const said = need - sum(unsaid, sizeOf);
    if (!fitsOnDisk(said, freeBytes)) return { verdict: 'short', needBytes: said, freeBytes };
    return { verdict: unsaid.every((path) => previewing.has(path)) ? 'checking' : 'unsure' };
  };
  return {
    where: `in folder ${folder}`,
    holds,
    elsewhere: (path) =>
      holds(path)
        ? null
        : cacheHolds(path)
          ? IN_CACHE
          : elsewhereWords(others(foldersOf(path)), cachedAsOf(path)),
    quant: (quant) => {
      const installed = quant.files.every(holds);
      const cacheHas = quant.files.every(cacheHolds);
      return {
        installed,
        elsewhere: installed
          ? null
          : cacheHas
            ? IN_CACHE
            : elsewhereWords(others(quant.localDirs), quant.cachedAs),
        room: roomFor(quant),
      };
    },
  };
}
