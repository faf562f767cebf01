/**
 * `hubget info`: what the command says about a repo, built from the Hub's answer and what is on this machine
 * (info-run.ts reads both). The facts are the model page's (src/server/routes/hub.ts): the same
 * file groups (src/catalog/file-groups.ts), GGUF quantizations (src/catalog/gguf-quants.ts), fit hint
 * (src/catalog/fit-hint.ts) and files-on-disk rule (src/cache/plan-on-disk.ts); its text is info-text.ts's. Pure.
 * Reference: docs/cli-models.md.
 */
import type { ScannedModel } from '../cache/index.js';
import {
  type FileGroup,
  type FitHint,
  fileGroupOf,
  fitHint,
  groupFiles,
  listGgufQuants,
  type MachineMemory,
} from '../catalog/index.js';
import type { GatedDenial } from '../hub/gated-denial.js';
import type { RepoDetails, RepoType } from '../hub/index.js';
import { heldWhole } from '../transfer/local-dir-copies.js';

export interface InfoQuant {
  name: string;
  files: string[];
  shards: number;
  totalBytes: number;
  /** Every file of it is on disk here (the installed copy, at this commit). */
  installed: boolean;
  /**
   * The finished local-dir downloads of the repo under the models folder that hold every file of it, by the rule
   * a download into the HF cache copies them by instead of fetching (src/transfer/local-dir-copies.ts).
   */
  localDirs: string[];
  /**
   * The other repos whose folder in the HF cache holds every file of it (a fork's, the repo's under its old name),
   * by the rule a download copies their blobs by (src/transfer/other-repo-blobs.ts).
   */
  cachedAs: string[];
  /** Whether it fits: free disk for what is not here yet, and GPU memory or RAM for the whole of it. */
  fits: FitHint;
}

export interface InfoFile {
  path: string;
  size: number;
  group: FileGroup;
  /** The content's sha256 for an LFS file (what the download checks); null for a regular file (git's sha1 names it). */
  sha256: string | null;
  /** In the installed copy, at this commit. */
  onDisk: boolean;
  /** The finished local-dir downloads of the repo that hold it (as InfoQuant's `localDirs`). */
  localDirs: string[];
  /** The other repos whose HF cache folder holds its blob (as InfoQuant's `cachedAs`). */
  cachedAs: string[];
}

/**
 * Where the repo is installed here (the HF cache first, as the model page shows it: `installedCopy`), and what of
 * it: the copy the HERE columns and `onDisk` speak of. Every copy is in `copies`.
 */
export interface InfoInstalled {
  location: 'cache' | 'local';
  path: string;
  /** Of this commit's files, how many are on disk there, and their bytes. */
  files: number;
  bytes: number;
  /** What unfinished downloads hold there (temp files, as the scan counts them: `unfinishedBytes`). */
  partialBytes: number;
}

/**
 * One place holding the repo here: its folder in the HF cache (`hubget ls`'s WHERE), or a local-dir download under
 * the models folder that names it. What the scans find (src/cli/installed-scan.ts), whatever the commit.
 */
export interface InfoCopy {
  location: 'cache' | 'local';
  path: string;
  /** Each revision there: a snapshot in the cache; in a local dir, the commits its files' records name. */
  revisions: { commit: string; refs: string[]; files: number; bytes: number }[];
  /** What its finished files take (the cache's blobs counted once however many revisions link them). */
  bytes: number;
  /** What unfinished downloads hold there (temp files: `unfinishedBytes`), which belong to no revision. */
  partialBytes: number;
}

export interface InfoReport {
  repoId: string;
  repoType: RepoType;
  revision: string;
  commit: string;
  private: boolean;
  gated: false | string;
  accessDenial: GatedDenial | null;
  lastModified: string | null;
  downloads: number;
  likes: number;
  pipelineTag: string | null;
  libraryName: string | null;
  /** The `license:` tag's value. */
  license: string | null;
  fileCount: number;
  totalBytes: number;
  groups: { group: FileGroup; files: number; bytes: number }[];
  installed: InfoInstalled | null;
  /**
   * This commit's files not in the installed copy whose content a local dir or another repo's HF cache folder holds
   * (`localDirs`, `cachedAs`), and their bytes: what a download copies instead of fetching.
   */
  elsewhere: { files: number; bytes: number };
  /** Every copy here: the HF cache's first, then the local dirs, in the scan's order. */
  copies: InfoCopy[];
  gguf: { quants: InfoQuant[]; defaultQuant: string | null; mmproj: { path: string; size: number }[] } | null;
  /** The files listed one by one: all of them (`--files`), or those a `:QUANT` download would fetch. */
  files: InfoFile[] | null;
  /** The quantization the argument named, upper case. */
  quant: string | null;
  freeDiskBytes: number;
  totalRamBytes: number;
  gpuMemoryBytes: number | null;
}

export interface InfoInputs {
  details: RepoDetails;
  installed: { location: 'cache' | 'local'; path: string; partialBytes: number } | null;
  copies: InfoCopy[];
  onDisk: ReadonlySet<string>;
  /** Each file a finished local-dir download holds, with the dirs that do (LocalCopies.holding). */
  inLocalDirs: ReadonlyMap<string, readonly string[]>;
  /** Each file another repo's folder in the HF cache holds, with those repos (OtherRepoBlobs.holding). */
  inOtherRepos: ReadonlyMap<string, readonly string[]>;
  freeDiskBytes: number;
  machine: MachineMemory;
  /** Paths to list one by one, or null for none. */
  listed: readonly string[] | null;
  quant: string | null;
}

/**
 * The copies of one repo among what the scans found (installed-scan.ts, filtered to the repo): the HF cache's
 * first, as `installedCopy` picks it, then the local dirs; each revision as the scan lists it.
 */
export function infoCopies(
  models: readonly Pick<ScannedModel, 'location' | 'path' | 'revisions' | 'sizeOnDisk' | 'unfinishedBytes'>[],
): InfoCopy[] {
  const ordered = [
    ...models.filter((model) => model.location === 'cache'),
    ...models.filter((model) => model.location !== 'cache'),
  ];
  return ordered.map((model) => ({
    location: model.location === 'cache' ? 'cache' : 'local',
    path: model.path,
    revisions: model.revisions.map((revision) => ({
      commit: revision.commit,
      refs: revision.refs,
      files: revision.files,
      bytes: revision.sizeOnDisk,
    })),
    bytes: model.sizeOnDisk,
    partialBytes: model.unfinishedBytes,
  }));
}

export function infoReport(inputs: InfoInputs): InfoReport {
  const { details, onDisk, machine } = inputs;
  const sizeOf = new Map(details.files.map((file) => [file.path, file.size]));
  const bytesOf = (paths: readonly string[]) => paths.reduce((sum, path) => sum + (sizeOf.get(path) ?? 0), 0);
  const missingBytes = (paths: readonly string[]) => bytesOf(paths.filter((path) => !onDisk.has(path)));
  const grouped = groupFiles(details.files);
  const listing = listGgufQuants(details.files);
  const here = details.files.filter((file) => onDisk.has(file.path));
  const listed = inputs.listed === null ? null : new Set(inputs.listed);
  const localDirsOf = (path: string) => [...(inputs.inLocalDirs.get(path) ?? [])];
  const cachedAsOf = (path: string) => [...(inputs.inOtherRepos.get(path) ?? [])];
  const elsewhere = details.files.filter(
    (file) =>
      !onDisk.has(file.path) && (localDirsOf(file.path).length > 0 || cachedAsOf(file.path).length > 0),
  );
  return {
    repoId: details.repo.repoId,
    repoType: details.repo.repoType,
    revision: details.revision,
    commit: details.commit,
    private: details.private,
    gated: details.gated,
    accessDenial: details.accessDenial,
    lastModified: details.lastModified,
    downloads: details.downloads,
    likes: details.likes,
    pipelineTag: details.pipelineTag,
    libraryName: details.libraryName,
    license: details.tags.find((tag) => tag.startsWith('license:'))?.slice('license:'.length) ?? null,
    fileCount: details.files.length,
    totalBytes: bytesOf(details.files.map((file) => file.path)),
    // In groupFiles' order, the model page's: the weights first.
    groups: (Object.entries(grouped) as [FileGroup, RepoDetails['files']][])
      .filter(([, files]) => files.length > 0)
      .map(([group, files]) => ({
        group,
        files: files.length,
        bytes: bytesOf(files.map((file) => file.path)),
      })),
    installed: inputs.installed && {
      ...inputs.installed,
      files: here.length,
      bytes: bytesOf(here.map((file) => file.path)),
    },
    elsewhere: { files: elsewhere.length, bytes: bytesOf(elsewhere.map((file) => file.path)) },
    copies: inputs.copies,
    gguf:
      listing.quants.length === 0
        ? null
        : {
            quants: listing.quants.map((quant) => ({
              name: quant.name,
              files: quant.files,
              shards: quant.shards,
              totalBytes: quant.totalBytes,
              installed: quant.files.every((path) => onDisk.has(path)),
              localDirs: heldWhole(inputs.inLocalDirs, quant.files),
              cachedAs: heldWhole(inputs.inOtherRepos, quant.files),
              fits: fitHint(quant.totalBytes, inputs.freeDiskBytes, machine, missingBytes(quant.files)),
            })),
            defaultQuant: listing.defaultQuant,
            mmproj: listing.mmproj,
          },
    files:
      listed === null
        ? null
        : Object.values(grouped)
            .flat()
            .filter((file) => listed.has(file.path))
            .map((file) => ({
              path: file.path,
              size: file.size,
              group: fileGroupOf(file.path),
              sha256: file.lfs?.oid ?? null,
              onDisk: onDisk.has(file.path),
              localDirs: localDirsOf(file.path),
              cachedAs: cachedAsOf(file.path),
            })),
    quant: inputs.quant,
    freeDiskBytes: inputs.freeDiskBytes,
    totalRamBytes: machine.totalRamBytes,
    gpuMemoryBytes: machine.gpuMemoryBytes ?? null,
  };
}
