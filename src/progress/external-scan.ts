/**
 * One pass over the folders other downloaders write into, grouped per download (docs/external-downloads.md):
 *
 * - hub cache: `{hubCacheDir}/{models|datasets|spaces}--*\/blobs/` (flat, docs/hub-disk-layout.md §3.8) — one group per
 *   repo folder;
 * - `{hubCacheDir}/tmp…` — huggingface_hub 0.8–0.22's temp files without resume (external-temp-names.ts): one
 *   group, repo unknown;
 * - `{hubCacheDir}/.cache/**` — one group, repo unknown;
 * - each local dir: `{localDir}/.cache/huggingface/download/**` (docs/hub-disk-layout.md §3.12) — one group per local
 *   dir.
 *
 * A group exists while it holds temp files, and for a scan without any when the caller names its folder as
 * `continuing`. Alongside, it lists the finished files of its folder (blobs, or
 * local files whose `.metadata` was written) so the watcher can add bytes that left the temp names by being
 * renamed into place; each names its file as the temp files for it do (`becomes`), the time its content was
 * written and the claim a hubget run makes for it, so the watcher counts those of the temp files it showed and
 * those fetched whole between two scans, never hubget's own beside them (external-finished-files.ts). hubget's own temp
 * files are sorted by the claims of the runs that write them (external-hubget-runs.ts): another process's
 * live run (`hubget download`) is shown, counted by its resume map; this process's runs (the server's jobs)
 * and files no live run claims that carry a resume map (`.hubget-ranges`: a paused or failed job's, a killed
 * run's) are skipped, and so are the files the caller names as its jobs' while they do not grow and were not
 * shown (external-own-files.ts). So is a temp file beside the blob it was for (a left-over).
 */
import type { Dirent } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { RESUME_MAP_SUFFIX, resumeMapPathOf } from '../cache/cache-layout.js';
import { LOCAL_DOWNLOAD_MAX_DEPTH, localDownloadDir } from '../cache/local-dir-layout.js';
import { parseRepoFolderName } from '../cache/repo-folder.js';
import { isBlobId } from '../hub/hex-ids.js';
import type { RepoRef } from '../hub/types.js';
import { dirEntries } from '../system/dir-entries.js';
import { claimOfTempPrefix } from '../transfer/claims-folder.js';
import { countedBytes, type SizeMode } from './external-file-size.js';
import { type ClaimsMemo, hubgetDoneBytes, ScanClaims } from './external-hubget-runs.js';
import { type OwnFolderMemo, ScanOwnFolderFiles } from './external-own-files.js';
import {
  besideItsBlob,
  classifyCacheRootName,
  classifyTempName,
  finishedFileIdOf,
  finishedFileIdOfMetadata,
  type TempNameShape,
} from './external-temp-names.js';
import { ownerLabel } from './waiting-lines.js';

export interface ScannedTempFile {
  path: string;
  shape: TempNameShape;
  etag: string | null;
  /**
   * The file it becomes once done, as `FinishedFile.file` names it (finishedFileIdOf); null when its name does not
   * say (odd etags, the hub cache's `tmp…`).
   */
  becomes: string | null;
  /** Apparent length (st_size). */
  size: number;
  /** Bytes counted as written (external-file-size.ts). */
  countedBytes: number;
  mtimeMs: number;
  /** Claimed by a live hubget run of another process (`hubget download`): counted by its resume map. */
  hubgetRun: boolean;
  /**
   * With `hubgetRun`, who runs it: `pid 4242`, `pid 4242 on build-2` (`ownerLabel`, the words a job waiting for
   * its files says in `waitingFor.owners`); null otherwise.
   */
  runBy: string | null;
}

/** The hubget runs of other processes writing a group's temp files, each once (`ScannedTempFile.runBy`). */
export function hubgetRunsOf(files: readonly ScannedTempFile[]): string[] {
  return [...new Set(files.flatMap((file) => (file.runBy === null ? [] : [file.runBy])))];
}

export interface FinishedFile {
  /** Identity of the finished item (blob path, or metadata path). */
  key: string;
  /** The file: its blob path, or `{folder}/{short hash of its name}` for a `.metadata` (finishedFileIdOfMetadata). */
  file: string;
  bytes: number;
  /** When it finished (blob mtime, or metadata mtime). */
  finishedAtMs: number;
  /** When its content was last written (the blob's or the local file's mtime): an old one was copied in. */
  writtenAtMs: number;
  /**
   * The claim a hubget run makes before writing it (claimOfTempPrefix): in a local dir the key's prefix, as the
   * `.metadata` name does not carry the blob id. Undefined where no run claims (never for these two shapes).
   */
  claim: { folder: string; key: string | { prefix: string } } | undefined;
}

export interface ScannedGroup {
  /** The folder that identifies the download: repo folder, local dir, or the hub cache's `.cache`. */
  folder: string;
  location: 'cache' | 'local';
  /** From the repo folder name; null for local dirs (the watcher resolves those). */
  repo: RepoRef | null;
  files: ScannedTempFile[];
  finished: FinishedFile[];
}

export interface ExternalScanOptions {
  hubCacheDir?: string;
  localDirs: string[];
  isOwnTempFile?: (path: string) => boolean;
  sizeMode?: SizeMode;
  /**
   * Finished blobs already stat'ed, per `blobs/` folder, kept by the caller across scans. Blobs are named
   * by their content hash and never change, so each is stat'ed once instead of on every tick.
   */
  blobMemo?: Map<string, Map<string, FinishedFile>>;
  /**
   * Repo folders and local dirs whose downloads the caller shows: a scan that finds none of their temp files still
   * returns their groups (with no `files`), with their finished files, so the caller can tell whether the download
   * goes on (its files keep finishing between two scans, or it pauses: external-download-end.ts) or has ended.
   */
  continuing?: ReadonlySet<string>;
  /** The last reading of each claims folder, kept by the caller across scans (external-hubget-runs.ts). */
  claimsMemo?: ClaimsMemo;
  /**
   * What the last scan saw of the unclaimed files `isOwnTempFile` names, kept by the caller across scans
   * (external-own-files.ts); without it, such a file is never seen to grow and always skipped.
   */
  ownFolderMemo?: OwnFolderMemo;
}

/** One scan's options, with its claims reader and its view of the job folders' files. */
interface ScanContext extends ExternalScanOptions {
  claims: ScanClaims;
  ownFolderFiles: ScanOwnFolderFiles;
}

/** lstat that treats a vanished file (renamed away mid-scan) as absent. */
async function statOrNull(path: string) {
  try {
    return await lstat(path);
  } catch {
    return null;
  }
}

/** A throwing `isOwnTempFile` must not abort the whole scan; it then counts as "not ours". */
function isOwn(options: ScanContext, path: string): boolean {
  try {
    return options.isOwnTempFile?.(path) === true;
  } catch {
    return false;
  }
}

/** Temp files directly in `dir` (optionally recursing), skipping hubget's own and its leftovers. */
async function collectTemps(
  dir: string,
  options: ScanContext,
  recursive: boolean,
  out: ScannedTempFile[],
  metadata: string[] | null,
  depth = 0,
): Promise<void> {
  const entries = await dirEntries(dir);
  const names = new Set(entries.map((entry) => entry.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive && depth < LOCAL_DOWNLOAD_MAX_DEPTH)
        await collectTemps(path, options, true, out, metadata, depth + 1);
      continue;
    }
    if (!entry.isFile()) continue;
    if (metadata && entry.name.endsWith('.metadata')) {
      metadata.push(path);
      continue;
    }
    const info = classifyTempName(entry.name);
    if (!info) continue;
    if (besideItsBlob(info, names)) continue;
    const hasResumeMap = names.has(`${entry.name}${RESUME_MAP_SUFFIX}`);
    const writer = await options.claims.writerOf(path);
    if (writer === 'this-process') continue;
    const owner = typeof writer === 'object' ? writer : null;
    const hubgetRun = owner !== null;
    // Not another process's live run: a resume map marks hubget's own file (src/cache/temp-files.ts), written
    // by this process or by nobody any more.
    if (!hubgetRun && hasResumeMap) continue;
    const stats = await statOrNull(path);
    if (!stats?.isFile()) continue;
    // The caller names its jobs' other files: skipped while they stay as they are, or always when the claims
    // could not be read (a running job's file then looks unclaimed); one that grows unclaimed is another
    // program's (external-own-files.ts).
    if (
      !hubgetRun &&
      isOwn(options, path) &&
      (writer === 'unread' || !options.ownFolderFiles.writtenByAnother(path, stats))
    ) {
      continue;
    }
    // A hubget temp file is sized whole at its first map write: the map says what is there.
    const mapped = hubgetRun && hasResumeMap ? await hubgetDoneBytes(resumeMapPathOf(path)) : undefined;
    const becomes = finishedFileIdOf(entry.name, info);
    // Another program's (never a hubget run's: its claims say when it is gone) stays so in a job's folder.
    if (!hubgetRun) options.ownFolderFiles.shown(path, stats);
    out.push({
      path,
      shape: info.shape,
      etag: info.etag,
      becomes: becomes === null ? null : join(dir, becomes),
      size: stats.size,
      countedBytes: mapped ?? countedBytes(stats, options.sizeMode),
      mtimeMs: stats.mtimeMs,
      hubgetRun,
      runBy: owner === null ? null : ownerLabel(owner),
    });
  }
}

/** huggingface_hub 0.8–0.22's temp files directly in the hub cache (`entries`: its listing): none are hubget's. */
async function scanCacheRoot(
  hub: string,
  entries: readonly Dirent[],
  options: ScanContext,
): Promise<ScannedGroup | null> {
  const files: ScannedTempFile[] = [];
  for (const entry of entries) {
    const info = entry.isFile() ? classifyCacheRootName(entry.name) : null;
    if (!info) continue;
    const path = join(hub, entry.name);
    const stats = await statOrNull(path);
    if (!stats?.isFile()) continue;
    files.push({
      path,
      shape: info.shape,
      etag: null,
      becomes: null,
      size: stats.size,
      countedBytes: countedBytes(stats, options.sizeMode),
      mtimeMs: stats.mtimeMs,
      hubgetRun: false,
      runBy: null,
    });
  }
  return files.length === 0 ? null : { folder: hub, location: 'cache', repo: null, files, finished: [] };
}

async function scanRepoFolder(
  repoDir: string,
  repo: RepoRef,
  options: ScanContext,
): Promise<ScannedGroup | null> {
  const blobs = join(repoDir, 'blobs');
  const files: ScannedTempFile[] = [];
  await collectTemps(blobs, options, false, files, null);
  if (files.length === 0 && !options.continuing?.has(repoDir)) return null;
  const finished: FinishedFile[] = [];
  const known = options.blobMemo?.get(blobs);
  // Rebuilt from this listing, so blobs deleted since drop out of the memo.
  const seen = new Map<string, FinishedFile>();
  for (const entry of await dirEntries(blobs)) {
    if (!entry.isFile() || !isBlobId(entry.name)) continue;
    const path = join(blobs, entry.name);
    let item = known?.get(path);
    if (!item) {
      const stats = await statOrNull(path);
      if (!stats) continue;
      const claim = claimOfTempPrefix(path);
      item = {
        key: path,
        file: path,
        bytes: stats.size,
        finishedAtMs: stats.mtimeMs,
        writtenAtMs: stats.mtimeMs,
        claim,
      };
    }
    seen.set(path, item);
    finished.push(item);
  }
  options.blobMemo?.set(blobs, seen);
  return { folder: repoDir, location: 'cache', repo, files, finished };
}

async function scanLocalDir(localDir: string, options: ScanContext): Promise<ScannedGroup | null> {
  const downloadDir = localDownloadDir(localDir);
  const files: ScannedTempFile[] = [];
  const metadata: string[] = [];
  await collectTemps(downloadDir, options, true, files, metadata);
  if (files.length === 0 && !options.continuing?.has(localDir)) return null;
  const finished: FinishedFile[] = [];
  for (const metadataPath of metadata) {
    // `.cache/huggingface/download/{path}.metadata` ↔ `{localDir}/{path}` (docs/hub-disk-layout.md §3.12), written
    // after the file.
    const relativePath = relative(downloadDir, metadataPath).slice(0, -'.metadata'.length);
    const [metadataStats, fileStats] = await Promise.all([
      statOrNull(metadataPath),
      statOrNull(join(localDir, ...relativePath.split(sep))),
    ]);
    if (metadataStats && fileStats?.isFile()) {
      const file = join(dirname(metadataPath), finishedFileIdOfMetadata(basename(metadataPath)));
      // A run's key there is `{dir}/{X}.{blob id}` (claimOfTempPrefix of its temp prefix).
      const claim = claimOfTempPrefix(file);
      finished.push({
        key: metadataPath,
        file,
        bytes: fileStats.size,
        finishedAtMs: metadataStats.mtimeMs,
        writtenAtMs: fileStats.mtimeMs,
        claim: claim && { folder: claim.folder, key: { prefix: `${claim.key}.` } },
      });
    }
  }
  return { folder: localDir, location: 'local', repo: null, files, finished };
}

export async function scanExternalDownloads(scanOptions: ExternalScanOptions): Promise<ScannedGroup[]> {
  const options: ScanContext = {
    ...scanOptions,
    claims: new ScanClaims(scanOptions.claimsMemo ?? new Map()),
    ownFolderFiles: new ScanOwnFolderFiles(scanOptions.ownFolderMemo ?? new Map()),
  };
  const groups: ScannedGroup[] = [];
  const hub = options.hubCacheDir;
  if (hub) {
    const entries = await dirEntries(hub);
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const repo = parseRepoFolderName(entry.name);
      if (!repo) continue;
      const group = await scanRepoFolder(join(hub, entry.name), repo, options);
      if (group) groups.push(group);
    }
    const root = await scanCacheRoot(hub, entries, options);
    if (root) groups.push(root);
    const dotCache = join(hub, '.cache');
    const files: ScannedTempFile[] = [];
    await collectTemps(dotCache, options, true, files, null);
    if (files.length > 0)
      groups.push({ folder: dotCache, location: 'cache', repo: null, files, finished: [] });
  }
  const seen = new Set<string>();
  for (const localDir of options.localDirs) {
    if (seen.has(localDir)) continue;
    seen.add(localDir);
    const group = await scanLocalDir(localDir, options);
    if (group) groups.push(group);
  }
  options.claims.prune();
  options.ownFolderFiles.prune();
  return groups;
}
