/**
 * What is installed: the hub cache listed like `hf cache scan` (docs/hub-disk-layout.md §3.11), and local-dir
 * downloads under the models dir (docs/hub-disk-layout.md §3.12, scan-local-dirs.ts). Beside what `hf cache scan`
 * reads, each repo's `blobs/` is listed for temp files of downloads that never finished (unfinished-downloads.ts).
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { InstalledRevision } from '../api-types.js';
import { quantNames } from '../catalog/gguf-quants.js';
import { parseRepoFolderName } from './repo-folder.js';
import {
  blobsOf,
  type CachedRepoDetail,
  type CacheScanWarning,
  linkedAgainBytes,
  scanCachedRepo,
  sharedBlobBytesOf,
  sizeOnDiskOf,
} from './scan-cached-repo.js';
import type { ScannedModel } from './scanned-model.js';
import { type Unfinished, unfinishedInCachedRepo } from './unfinished-downloads.js';

export type { CacheScanWarning } from './scan-cached-repo.js';
export { describeLocalDirs, findLocalDirs, scanLocalDirs, scanManagedLocalDirs } from './scan-local-dirs.js';
export type { ScannedModel } from './scanned-model.js';

export interface CacheScanReport {
  models: ScannedModel[];
  /** Bytes the models' `sizeOnDisk` count more than once: blobs hard-linked between repos (linkedAgainBytes). */
  linkedAgainBytes: number;
  /** Corrupted or unexpected entries, like Python's `CorruptedCacheException` list. */
  warnings: CacheScanWarning[];
}

/** Root entries Python's scanner skips silently (docs/hub-disk-layout.md §3.11). */
const IGNORED_ROOT_ENTRIES = new Set(['.locks', 'CACHEDIR.TAG', '.DS_Store', 'Thumbs.db', 'desktop.ini']);

const iso = (ms: number) => new Date(ms).toISOString();

/** `unfinished`: temp files of downloads that did not finish (unfinished-downloads.ts). */
export function toInstalledModel(detail: CachedRepoDetail, unfinished: Unfinished): ScannedModel {
  const revisions: InstalledRevision[] = detail.revisions.map((revision) => {
    return {
      commit: revision.commit,
      refs: [...revision.refs].sort(),
      sizeOnDisk: sizeOnDiskOf([revision]),
      files: revision.files.length,
      lastModified: iso(Math.max(0, ...revision.files.map((file) => file.mtimeMs))),
      path: revision.snapshotDir,
    };
  });
  revisions.sort((a, b) => b.lastModified.localeCompare(a.lastModified) || a.commit.localeCompare(b.commit));
  const blobs = blobsOf(detail.revisions);
  const filesByPath = new Map(
    detail.revisions.flatMap((revision) => revision.files.map((file) => [file.path, file] as const)),
  );
  const mtimes = detail.revisions.flatMap((revision) => revision.files.map((file) => file.mtimeMs));
  const shared = sharedBlobBytesOf(detail.revisions);
  return {
    repoId: detail.repo.repoId,
    repoType: detail.repo.repoType,
    location: 'cache',
    path: detail.repoDir,
    localFolder: null,
    sizeOnDisk: sizeOnDiskOf(detail.revisions),
    // Like Python's `nb_files`: distinct blobs across revisions.
    files: blobs.size,
    // No snapshot file yet (only blobs being downloaded): no time, not the epoch.
    lastModified: mtimes.length > 0 ? iso(Math.max(...mtimes)) : null,
    revisions,
    quants: quantNames([...filesByPath.values()]),
    unfinishedFiles: unfinished.files,
    unfinishedBytes: unfinished.bytes,
    ...(shared > 0 && { sharedBytes: shared }),
  };
}

/**
 * Scan the hub cache. A missing cache dir is an empty cache. Repo folders without a single file in any
 * snapshot are left out: a download that has not finished its first file (its snapshot folder and ref are
 * made first, write-ref.ts), or a revision a mirror's client only resolved. Nothing of them is installed.
 */
export async function scanHubCacheReport(cacheDir: string): Promise<CacheScanReport> {
  const warnings: CacheScanWarning[] = [];
  const models: ScannedModel[] = [];
  let entries: Dirent[];
  try {
    entries = await readdir(cacheDir, { withFileTypes: true });
  } catch (error) {
    // Missing: an empty cache. Anything else (a file of that name, no permission) is worth saying.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      warnings.push({ path: cacheDir, message: `cannot read the cache folder: ${(error as Error).message}` });
    return { models, warnings, linkedAgainBytes: 0 };
  }
  const details: CachedRepoDetail[] = [];
  for (const entry of entries) {
    if (IGNORED_ROOT_ENTRIES.has(entry.name)) continue;
    const path = join(cacheDir, entry.name);
    const repo = entry.isDirectory() ? parseRepoFolderName(entry.name) : undefined;
    if (!repo) {
      warnings.push({ path, message: 'not a repo folder (expected models--org--name or similar)' });
      continue;
    }
    const detail = await scanCachedRepo(path, repo, warnings);
    if (detail?.revisions.some((revision) => revision.files.length > 0)) {
      details.push(detail);
      models.push(toInstalledModel(detail, await unfinishedInCachedRepo(path)));
    }
  }
  models.sort((a, b) => a.repoId.localeCompare(b.repoId) || a.repoType.localeCompare(b.repoType));
  return { models, warnings, linkedAgainBytes: linkedAgainBytes(details) };
}

export async function scanHubCache(
  cacheDir: string,
  options: { onWarning?: (warning: CacheScanWarning) => void } = {},
): Promise<ScannedModel[]> {
  const report = await scanHubCacheReport(cacheDir);
  for (const warning of report.warnings) options.onWarning?.(warning);
  return report.models;
}
