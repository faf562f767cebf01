/**
 * What unfinished downloads into the HF cache hold of a repo's files: the bytes a download of them there would
 * resume from rather than fetch (a paused or failed job's temp file, another program's partial download in the
 * cache, or a half-done download of the other layout in a local dir under the models folder:
 * other-layout-partials.ts), by the plan's rule (`partialBytesOf`, plan-download.ts, with the same places to
 * look), so the model page's "to fetch" and the preview's `bytesToFetch` agree. Reads only: one listing of the
 * repo's `blobs/` folder and of each local dir's temp folder, then the temp files they name. The listings are the
 * process's kept reads (src/system/kept-reads.ts), so a page asked again stats a folder no temp file came to or
 * left instead of listing it; a temp file's size and resume map are read each time (a download may be writing it).
 */
import { cacheRepoLayout } from '../cache/cache-layout.js';
import { isBlobId } from '../hub/hex-ids.js';
import { blobIdOf, type RepoFile, type RepoRef } from '../hub/types.js';
import { KEPT_READS, type KeptReads } from '../system/kept-reads.js';
import { DISK_CHECKS_IN_FLIGHT, mapBounded } from './map-bounded.js';
import { otherLayoutPrefixes } from './other-layout-partials.js';
import { algorithmOf, expectedContentOf, partialBytesOf, tempPrefixOf } from './plan-download.js';
import { RunFolders } from './run-folders.js';

/**
 * Path → bytes its unfinished download into the cache holds; files with none are left out. `localDirs`: the local
 * dirs under the models folder (findLocalDirs), where the plan looks for the other layout's partial downloads.
 * `reads`: the process's kept reads unless a test's.
 */
export async function cachePartialBytes(
  hubCacheDir: string,
  repo: RepoRef,
  files: readonly RepoFile[],
  localDirs: readonly string[] = [],
  reads: KeptReads = KEPT_READS,
): Promise<Map<string, number>> {
  const { cacheDir, repoFolder } = cacheRepoLayout(hubCacheDir, repo);
  const destination = { kind: 'cache' as const, cacheDir, repoFolder };
  const folders = new RunFolders({ reads });
  const bytes = await mapBounded(files, DISK_CHECKS_IN_FLIGHT, async (file) => {
    const planned = {
      path: file.path,
      size: file.size,
      blobId: blobIdOf(file),
      algorithm: algorithmOf(file),
    };
    // A listing's malformed blob id names no temp file of ours (the plan refuses it), and no path is built of it.
    if (!isBlobId(planned.blobId)) return 0;
    try {
      const others = await otherLayoutPrefixes({ kind: 'local', localDirs }, planned, folders);
      return await partialBytesOf(
        tempPrefixOf({ destination }, planned),
        expectedContentOf(planned),
        folders,
        others,
      );
    } catch {
      return 0;
    }
  });
  return new Map(
    files.flatMap((file, index) => ((bytes[index] ?? 0) > 0 ? [[file.path, bytes[index]!]] : [])),
  );
}
