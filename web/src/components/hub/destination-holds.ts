/**
 * What the model page's chosen destination holds of the repo, and where else it is here: the quantization list's
 * "installed" and "in …" tags, its "not enough disk" hint, the split-quantization warning and the file list's
 * "on disk" tags all read it, so they describe the HF cache when it is chosen and the chosen folder when Folder is.
 * The HF cache: the installed copy when it is the cache's (`RepoPageFile.onDisk`, `InstalledModel.quants`) and the
 * server's fit hint against the cache's free disk (`GgufQuantView.fits`). A folder: what the download previews into
 * it said of each file (`present`: folder-facts.ts, kept while the next one is asked), else the local dirs the page
 * names as holding it at its own path, where the download writes it (`RepoPageFile.localDirsAtPath`; a folder that
 * holds its content at another path does not count); its disk hint weighs what the folder lacks less what
 * unfinished downloads hold of it (the previews' `partialBytes`, else the page's: a Download resumes from it)
 * against the folder's free disk, the figure the page shows (`folderFreeBytes`: the folder's own disk, asked at
 * once, then the previews'; no hint before either answers). What an unfinished download in the folder holds of a
 * file only a preview listing it reads, so "not enough disk" is said only when what the previews said must be
 * written does not fit by itself; when the rest might fit thanks to bytes the folder may hold, the hint is
 * "checking disk…" while the preview being asked lists those files, else "may lack disk" (a quantization
 * not picked: picking it previews it). Where else: the HF cache,
 * a folder (the models folder itself, when it is a local dir, by name), or another repo's folder in the HF cache
 * whose blob a download copies (`cachedAs`, `hubget info`'s "cached as other/fork").
 */
import type { GgufQuantView, RepoPageResponse } from '../../../../src/api-types.js';
import { MODELS_DIR_ITSELF } from '../../../../src/cache/local-dir-folder.js';
import { cachedAsWords } from '../../../../src/format/copy-places.js';
import { fitsOnDisk } from '../../../../src/format/disk-fit.js';
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
 * 'short': it does not fit ("not enough disk"); 'checking': it fits only if the folder holds part of it already, and
 * the preview being asked will say ("checking disk…"); 'unsure': the same, with no preview asked of it ("may not
 * fit on disk").
 */
export type DiskRoom = 'fits' | 'short' | 'checking' | 'unsure';

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
  const foldersOf = (path: string) => byPath.get(path)?.localDirs ?? [];
  const cachedAsOf = (path: string) => byPath.get(path)?.cachedAs ?? [];
  if (where.destination !== 'local') {
    return {
      where: 'on disk',
      holds: cacheHolds,
      elsewhere: (path) => (cacheHolds(path) ? null : elsewhereWords(foldersOf(path), cachedAsOf(path))),
      quant: (quant) => {
        const installed = inCache && (page.installed?.quants.includes(quant.name) ?? false);
        return {
          installed,
          elsewhere: installed ? null : elsewhereWords(quant.localDirs, quant.cachedAs),
          room: quant.fits.disk ? 'fits' : 'short',
        };
      },
    };
  }
  const folder = folderOfLocalDir(where.localDir ?? '');
  const { known, folderFreeBytes: freeBytes, previewing } = where;
  const holds = (path: string) =>
    known?.files.get(path)?.present ?? (byPath.get(path)?.localDirsAtPath ?? []).includes(folder);
  const others = (folders: readonly string[]) => folders.filter((name) => name !== folder);
  // What a download into the folder writes of a file it lacks: all of it, less what it resumes.
  const toWrite = (path: string) => {
    const file = byPath.get(path);
    const partial = known?.files.get(path)?.partialBytes ?? file?.partialBytes ?? 0;
    return Math.max(0, (file?.size ?? 0) - partial);
  };
  const sum = (paths: readonly string[]) => paths.reduce((total, path) => total + toWrite(path), 0);
  /** `lacking`: the files of a quantization the folder lacks. */
  const roomFor = (lacking: readonly string[]): DiskRoom => {
    if (freeBytes === null || fitsOnDisk(sum(lacking), freeBytes)) return 'fits';
    // The files no preview listed yet may be partly in the folder: they need no more than the page's count, maybe less.
    const unsaid = lacking.filter((path) => !known?.files.has(path));
    const said = lacking.filter((path) => known?.files.has(path));
    if (unsaid.length === 0 || !fitsOnDisk(sum(said), freeBytes)) return 'short';
    return unsaid.every((path) => previewing.has(path)) ? 'checking' : 'unsure';
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
        room: roomFor(quant.files.filter((path) => !holds(path))),
      };
    },
  };
}
