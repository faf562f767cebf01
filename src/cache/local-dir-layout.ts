/**
 * Pure path arithmetic for local-dir mode (docs/hub-disk-layout.md §3.12): real files at `{localDir}/{path}`,
 * bookkeeping under `{localDir}/.cache/huggingface/`.
 */
import { createHash } from 'node:crypto';
import { join, posix, resolve, sep } from 'node:path';
import { assertBlobId, assertTempSuffix } from './cache-layout.js';
import { safeJoin, validateRelativePath } from './safe-path.js';

export function localBookkeepingDir(localDir: string): string {
  return join(localDir, '.cache', 'huggingface');
}

export function localDownloadDir(localDir: string): string {
  return join(localBookkeepingDir(localDir), 'download');
}

/**
 * How deep the sub-folders of a local dir's `download/` folder (they mirror the repo's) are searched for temp
 * files; the watcher searches the HF cache's own `.cache/` as deep.
 */
export const LOCAL_DOWNLOAD_MAX_DEPTH = 32;

/** `/.cache/huggingface/download/`: what follows a local dir on the paths of its download folder. */
const DOWNLOAD_FOLDER_SEGMENT = `${localDownloadDir(sep)}${sep}`;

/**
 * localDownloadDir read backwards: the local dir of a path inside its download folder (the part in front of
 * the first `/.cache/huggingface/download/`); undefined for any other path.
 */
export function localDirOfDownloadPath(path: string): string | undefined {
  const at = path.indexOf(DOWNLOAD_FOLDER_SEGMENT);
  return at < 0 ? undefined : path.slice(0, at);
}

/** `.cache/huggingface/.locks`: hubget's download claims for this local dir (src/transfer/claim-records.ts). */
export function localLocksDir(localDir: string): string {
  return join(localBookkeepingDir(localDir), '.locks');
}

/** `.cache/huggingface/.gitignore`, content `*` without newline. */
export function localGitignorePath(localDir: string): string {
  return join(localBookkeepingDir(localDir), '.gitignore');
}

export const LOCAL_GITIGNORE_CONTENT = '*';

/** The real file; the path is validated (UNSAFE_PATH). */
export function localFilePath(localDir: string, path: string): string {
  return safeJoin(localDir, path);
}

/** `.cache/huggingface/download/{path}.metadata` (sub-folders mirrored). */
export function localMetadataPath(localDir: string, path: string): string {
  return `${safeJoin(localDownloadDir(localDir), path)}.metadata`;
}

/** `.cache/huggingface/download/{path}.lock` — `.metadata` replaced by `.lock`. */
export function localLockPath(localDir: string, path: string): string {
  return `${safeJoin(localDownloadDir(localDir), path)}.lock`;
}

/**
 * Python's `_short_hash`: URL-safe base64 (with `=` padding) of the SHA-1 of the metadata file's base
 * name — always 28 characters, so long repo file names cannot overflow NAME_MAX (#2789).
 */
export function shortHashOfPath(path: string): string {
  const metadataName = `${posix.basename(path)}.metadata`;
  return createHash('sha1').update(metadataName).digest('base64').replaceAll('+', '-').replaceAll('/', '_');
}

/**
 * localTempPrefix's part below a local dir's download folder (`<subdir>/{X}.{etag}`), the path checked: worked out
 * once for a file looked for in many local dirs (a plan into the cache, the model page: other-layout-partials.ts),
 * where the hash and the checks per local dir cost more than the listings they lead to.
 */
export function localTempPrefixBelow(path: string, blobId: string): string {
  assertBlobId(blobId);
  validateRelativePath(path);
  return join(...path.split('/').slice(0, -1), `${shortHashOfPath(path)}.${blobId}`);
}

/** localTempPrefix of a local dir, from its part below the download folder (localTempPrefixBelow). */
export function localTempPrefixIn(localDir: string, below: string): string {
  return join(resolve(localDownloadDir(localDir)), below);
}

/** Prefix shared by all temp files of one file+etag: `{download/<subdir>}/{X}.{etag}`. */
export function localTempPrefix(localDir: string, path: string, blobId: string): string {
  return localTempPrefixIn(localDir, localTempPrefixBelow(path, blobId));
}

/**
 * `{X}.{etag}.{8 hex}.incomplete`, the ≥1.18 shape; never the legacy resumable `{X}.{etag}.incomplete`
 * (docs/hub-downloaders.md §6.4).
 */
export function localTempPath(localDir: string, path: string, blobId: string, tempSuffix: string): string {
  assertTempSuffix(tempSuffix);
  return `${localTempPrefix(localDir, path, blobId)}.${tempSuffix}.incomplete`;
}
