/**
 * Finding and describing local-dir downloads under the models dir (docs/hub-disk-layout.md §3.12): a folder is one
 * when it holds `.cache/huggingface/` bookkeeping. The repo id cannot be read from Python's bookkeeping
 * (it records commit + etag per file only), so it comes from hubget's marker (scan-local-marker.ts) when
 * present — written as a download begins, so one that was stopped has it too — else the folder's path
 * relative to the models dir stands in for it (docs/external-downloads.md).
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { InstalledRevision } from '../api-types.js';
import { quantNames } from '../catalog/gguf-quants.js';
import { LOCAL_DIR_SCAN_DEPTH } from '../defaults.js';
import { KEPT_READS, type KeptReads, type PathReader } from '../system/kept-reads.js';
import { localFolderOf } from './local-dir-folder.js';
import { localBookkeepingDir } from './local-dir-layout.js';
import { type LocalDirRecord, readLocalDirRecords } from './local-dir-records.js';
import { isManagedLocalDir, localDirNameProblem } from './managed-local-dir.js';
import { readLocalDirMarker } from './scan-local-marker.js';
import type { ScannedModel } from './scanned-model.js';
import { unfinishedInLocalDir } from './unfinished-downloads.js';

export interface FindLocalDirsOptions {
  /** How deep below the models dir to look. @default LOCAL_DIR_SCAN_DEPTH */
  maxDepth?: number;
  /** The process's kept reads unless a test's. */
  reads?: KeptReads;
}

/** A folder's sub-folders: entries that are folders themselves, not links to one. */
const SUB_FOLDERS: PathReader<readonly string[]> = {
  kind: 'local-dir-scan-sub-folders',
  async read(folder) {
    const entries = await readdir(folder, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  },
};

/** `dir`'s sub-folders (none when nothing is there or it cannot be read). */
const subFoldersOf = async (dir: string, reads: KeptReads): Promise<readonly string[]> =>
  (await reads.read(dir, SUB_FOLDERS).catch(() => undefined)) ?? [];

/** `.cache/huggingface/` under a folder: a `huggingface` folder (not a link) in its `.cache`. */
const BOOKKEEPING = { parent: dirname(localBookkeepingDir('.')), name: basename(localBookkeepingDir('.')) };

/**
 * Folders under (and including) `modelsDir` that have `.cache/huggingface/`. Hidden folders, symlinks and
 * hub-cache repo folders (`models--…`) are not entered; nor is a local dir's own content.
 *
 * The folders' listings are the process's kept reads (src/system/kept-reads.ts), so asking again (the model
 * page's next request) costs a `stat` of each folder walked and of each `.cache`, not a listing: a folder comes
 * or goes, and `.cache/huggingface/` is made or removed, by an entry of a folder whose stamp that changes.
 */
export async function findLocalDirs(
  modelsDir: string,
  options: FindLocalDirsOptions = {},
): Promise<string[]> {
  const maxDepth = options.maxDepth ?? LOCAL_DIR_SCAN_DEPTH;
  const reads = options.reads ?? KEPT_READS;
  const root = resolve(modelsDir);
  const found: string[] = [];
  async function visit(dir: string, depth: number): Promise<void> {
    const inCache = await subFoldersOf(join(dir, BOOKKEEPING.parent), reads);
    const isLocalDir = inCache.includes(BOOKKEEPING.name);
    if (isLocalDir) found.push(dir);
    // A model's own sub-folders are not separate downloads; the models dir itself may hold one and others.
    if ((isLocalDir && dir !== root) || depth >= maxDepth) return;
    for (const name of await subFoldersOf(dir, reads)) {
      if (localDirNameProblem(name) !== null) continue;
      await visit(join(dir, name), depth + 1);
    }
  }
  await visit(root, 0);
  return found;
}

/**
 * Describe one local dir, or null when it holds no downloaded file and no marker of a finished download, and
 * no temp file of one its marker names (a download cancelled before its first file left only the marker).
 * Size and file count cover the files that have `.metadata` (i.e. were downloaded), not other files a
 * user put there.
 */
export async function describeLocalDir(modelsDir: string, localDir: string): Promise<ScannedModel | null> {
  const [marker, records] = await Promise.all([readLocalDirMarker(localDir), readLocalDirRecords(localDir)]);
  if (!marker && records.length === 0) return null;
  const unfinished = await unfinishedInLocalDir(localDir, records);
  if (marker?.unfinished && records.length === 0 && unfinished.files === 0) return null;
  const byCommit = new Map<string, LocalDirRecord[]>();
  for (const record of records) byCommit.set(record.commit, [...(byCommit.get(record.commit) ?? []), record]);
  const revisions: InstalledRevision[] = [...byCommit].map(([commit, list]) => ({
    commit,
    refs: marker?.revision && marker.commit === commit && marker.revision !== commit ? [marker.revision] : [],
    sizeOnDisk: list.reduce((sum, r) => sum + r.bytes, 0),
    files: list.length,
    lastModified: new Date(Math.max(...list.map((r) => r.mtimeMs))).toISOString(),
    path: localDir,
  }));
  revisions.sort((a, b) => b.lastModified.localeCompare(a.lastModified));
  // No finished file yet (only temp files and the marker): no time, not the epoch.
  const lastModified =
    records.length > 0 ? new Date(Math.max(...records.map((r) => r.mtimeMs))).toISOString() : null;
  const folderName = relative(resolve(modelsDir), localDir).split(sep).join('/') || '.';
  return {
    repoId: marker?.repoId ?? folderName,
    repoType: marker?.repoType ?? 'model',
    location: 'local',
    path: localDir,
    localFolder: localFolderOf(modelsDir, localDir),
    sizeOnDisk: records.reduce((sum, r) => sum + r.bytes, 0),
    files: records.length,
    lastModified,
    revisions,
    quants: quantNames(records.map((record) => ({ path: record.path, size: record.bytes }))),
    unfinishedFiles: unfinished.files,
    unfinishedBytes: unfinished.bytes,
    ...(!marker && { unnamedRepo: true as const }),
  };
}

/** The local-dir downloads among `localDirs` (folders `findLocalDirs` found), described in that order. */
export async function describeLocalDirs(modelsDir: string, localDirs: string[]): Promise<ScannedModel[]> {
  const models: ScannedModel[] = [];
  for (const localDir of localDirs) {
    const model = await describeLocalDir(modelsDir, localDir);
    if (model) models.push(model);
  }
  return models;
}

/** Every local-dir download under `modelsDir` (docs/hub-disk-layout.md §3.12). A missing models dir gives []. */
export async function scanLocalDirs(
  modelsDir: string,
  options: FindLocalDirsOptions = {},
): Promise<ScannedModel[]> {
  return describeLocalDirs(modelsDir, await findLocalDirs(modelsDir, options));
}

/** The local dirs the server manages (managed-local-dir.ts): folders directly under `modelsDir`, never it. */
export async function scanManagedLocalDirs(modelsDir: string): Promise<ScannedModel[]> {
  const models = await scanLocalDirs(modelsDir, { maxDepth: 1 });
  return models.filter((model) => isManagedLocalDir(modelsDir, model.path));
}
