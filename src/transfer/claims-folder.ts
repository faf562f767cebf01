/**
 * Where the claims of the hubget downloads into one place live (docs/cache-layout.md, "One writer per file"):
 * the cache's `.locks/{repo folder}` for a repo in the cache, `.cache/huggingface/.locks` for a local dir.
 * Downloads claim there (download-claims.ts); a deletion asks there who owns the files (downloads-here.ts).
 */
import { relative } from 'node:path';
import { blobAtPath, cacheRepoLayout, repoLocksDir } from '../cache/cache-layout.js';
import { localDirOfDownloadPath, localDownloadDir, localLocksDir } from '../cache/local-dir-layout.js';
import type { RepoRef } from '../hub/types.js';

/** A place downloads write into: a repo in an HF cache, or a local dir. */
export type DownloadPlace =
  | { kind: 'cache'; cacheDir: string; repo: RepoRef }
  | { kind: 'local'; localDir: string };

export function claimsFolderAt(place: DownloadPlace): string {
  return place.kind === 'local'
    ? localLocksDir(place.localDir)
    : repoLocksDir(cacheRepoLayout(place.cacheDir, place.repo));
}

/**
 * The claims folder and key of a temp prefix hubget made (tempPrefixOf), for a clean-up that has only the
 * prefixes (a cancel, src/jobs/job-run.ts): `{repo}/blobs/<blob id>` in the cache, else the local dir in
 * front of the first `/.cache/huggingface/download/`. Undefined for any other path.
 */
export function claimOfTempPrefix(prefix: string): { folder: string; key: string } | undefined {
  const blob = blobAtPath(prefix);
  if (blob !== undefined) return { folder: repoLocksDir(blob.layout), key: blob.blobId };
  const localDir = localDirOfDownloadPath(prefix);
  if (localDir === undefined) return undefined;
  return { folder: localLocksDir(localDir), key: relative(localDownloadDir(localDir), prefix) };
}
