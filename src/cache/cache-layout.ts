/**
 * Pure path arithmetic for one repo in the Hub cache (docs/hub-disk-layout.md §3.2–§3.8). No I/O here:
 * committing files lives in commit-cache-file.ts, so this can be unit-tested and reused by scanners.
 *
 *   {cacheDir}/{models--org--name}/blobs/<blobId>
 *                                  snapshots/<commit>/<path>   → relative symlink ../../blobs/<blobId>
 *                                  refs/<revision>              (nested for refs/pr/1)
 *                                  .no_exist/<commit>/<path>
 *   {cacheDir}/.locks/{models--org--name}/                       locks (huggingface_hub's and hubget's)
 */
import { basename, dirname, join } from 'node:path';
import { HubgetError } from '../errors.js';
import { BLOB_ID_SOURCE, isBlobId, isTempAttempt, TEMP_ATTEMPT_SOURCE } from '../hub/hex-ids.js';
import { isFullCommit } from '../hub/repo-id.js';
import type { RepoRef } from '../hub/types.js';
import { repoFolderName } from './repo-folder.js';
import { safeJoin, validateRelativePath } from './safe-path.js';

/** Suffix of hubget's resume-map sidecar; its presence marks a temp file as hubget's own. */
export const RESUME_MAP_SUFFIX = '.hubget-ranges';

const BLOB_TEMP_NAME = new RegExp(`^(${BLOB_ID_SOURCE})\\.(${TEMP_ATTEMPT_SOURCE})\\.incomplete$`);

export interface CacheRepoLayout {
  cacheDir: string;
  repoFolder: string;
  repoDir: string;
}

export function cacheRepoLayout(cacheDir: string, repo: RepoRef): CacheRepoLayout {
  const repoFolder = repoFolderName(repo);
  return { cacheDir, repoFolder, repoDir: join(cacheDir, repoFolder) };
}

/** A blob id becomes a file name: only a sha1 or sha256 in lowercase hex is accepted. */
export function assertBlobId(blobId: string): void {
  if (!isBlobId(blobId)) {
    throw new HubgetError('UNSAFE_PATH', `Refusing blob id ${JSON.stringify(blobId)}: not a sha1/sha256 hex`);
  }
}

/** A temp name's random part (`<…>.<8 hex>.incomplete`): 8 lowercase hex characters, or an error. */
export function assertTempSuffix(tempSuffix: string): void {
  if (!isTempAttempt(tempSuffix)) throw new Error(`Temp suffix must be 8 hex: ${tempSuffix}`);
}

/** A commit becomes a folder name: only a full lowercase commit is accepted (docs/hub-downloaders.md §6.9). */
function assertCommit(commit: string): void {
  if (!isFullCommit(commit)) {
    throw new HubgetError('UNSAFE_PATH', `Refusing commit ${JSON.stringify(commit)}: not a 40-hex commit`);
  }
}

const BLOBS_FOLDER = 'blobs';

export function blobsDir(layout: CacheRepoLayout): string {
  return join(layout.repoDir, BLOBS_FOLDER);
}

export function blobPath(layout: CacheRepoLayout, blobId: string): string {
  assertBlobId(blobId);
  return join(blobsDir(layout), blobId);
}

/**
 * blobPath read backwards: the repo layout and blob id of `{cacheDir}/{repo folder}/blobs/<blob id>` (a blob,
 * or the temp prefix of its downloads); undefined for any other path.
 */
export function blobAtPath(path: string): { layout: CacheRepoLayout; blobId: string } | undefined {
  const folder = dirname(path);
  const blobId = basename(path);
  if (basename(folder) !== BLOBS_FOLDER || !isBlobId(blobId)) return undefined;
  const repoDir = dirname(folder);
  return { layout: { cacheDir: dirname(repoDir), repoFolder: basename(repoDir), repoDir }, blobId };
}

export function snapshotsDir(layout: CacheRepoLayout): string {
  return join(layout.repoDir, 'snapshots');
}

export function snapshotDir(layout: CacheRepoLayout, commit: string): string {
  assertCommit(commit);
  return join(layout.repoDir, 'snapshots', commit);
}

/** `snapshots/<commit>/<path>`; the path is validated (UNSAFE_PATH). */
export function snapshotFilePath(layout: CacheRepoLayout, commit: string, path: string): string {
  return safeJoin(snapshotDir(layout, commit), path);
}

export function refsDir(layout: CacheRepoLayout): string {
  return join(layout.repoDir, 'refs');
}

/** `refs/<revision>`; `refs/pr/1` nests as `refs/refs/pr/1` (docs/hub-disk-layout.md §3.5). */
export function refPath(layout: CacheRepoLayout, revision: string): string {
  return safeJoin(refsDir(layout), revision);
}

/**
 * Symlink target relative to the link's own folder: `../../blobs/<id>` at the snapshot top level, one
 * more `../` per sub-folder (docs/hub-disk-layout.md §3.4).
 */
export function relativeBlobTarget(path: string, blobId: string): string {
  validateRelativePath(path);
  assertBlobId(blobId);
  const depth = path.split('/').length - 1;
  return `${'../'.repeat(depth + 2)}blobs/${blobId}`;
}

/** `.no_exist/<commit>/<path>` marker for a file the Hub says does not exist (docs/hub-disk-layout.md §3.6). */
export function noExistPath(layout: CacheRepoLayout, commit: string, path: string): string {
  assertCommit(commit);
  return safeJoin(join(layout.repoDir, '.no_exist', commit), path);
}

/**
 * `{cacheDir}/.locks/{repo folder}`: huggingface_hub's `{blobId}.lock` files (docs/hub-disk-layout.md §3.7) and
 * hubget's download claims (src/transfer/claim-records.ts). Both scanners skip `.locks` at the cache root.
 */
export function repoLocksDir(layout: CacheRepoLayout): string {
  return join(layout.cacheDir, '.locks', layout.repoFolder);
}

/**
 * hubget's temp file: `blobs/<blobId>.<8 hex>.incomplete`, the ≥1.18 shape. Never the legacy
 * `blobs/<blobId>.incomplete`: Python ≤1.17 would append to our sparse file, or rename it into `blobs/`
 * unchecked once its length matched (docs/hub-downloaders.md §6.4).
 */
export function blobTempPath(layout: CacheRepoLayout, blobId: string, tempSuffix: string): string {
  assertBlobId(blobId);
  assertTempSuffix(tempSuffix);
  return join(blobsDir(layout), `${blobId}.${tempSuffix}.incomplete`);
}

/** Resume map beside a temp file (ours only). */
export function resumeMapPathOf(tempPath: string): string {
  return `${tempPath}${RESUME_MAP_SUFFIX}`;
}

/** Parse `<blobId>.<8 hex>.incomplete`; undefined for any other name (legacy shape included). */
export function parseBlobTempName(name: string): { blobId: string; tempSuffix: string } | undefined {
  const match = BLOB_TEMP_NAME.exec(name);
  return match ? { blobId: match[1]!, tempSuffix: match[2]! } : undefined;
}
