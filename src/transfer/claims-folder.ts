/**
 * Where the claims of the hubget downloads into one place live (docs/cache-layout.md, "One writer per file"):
 * the cache's `.locks/{repo folder}` for a repo in the cache, `.cache/huggingface/.locks` for a local dir.
 * Downloads claim there (download-claims.ts); a deletion asks there who owns the files (downloads-here.ts).
 */
import { cacheRepoLayout, repoLocksDir } from '../cache/cache-layout.js';
import { localLocksDir } from '../cache/local-dir-layout.js';
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
