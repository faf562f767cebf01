/**
 * What unfinished downloads into the HF cache hold of a repo's files: the bytes a download of them there would
 * resume from rather than fetch (a paused or failed job's temp file, another program's partial download), by the
 * plan's rule (`partialBytesOf`, plan-download.ts), so the model page's "to fetch" and the preview's `bytesToFetch`
 * agree. Reads only: one listing of the repo's `blobs/` folder, then the temp files it names.
 */
import { cacheRepoLayout } from '../cache/cache-layout.js';
import { isBlobId } from '../hub/hex-ids.js';
import { blobIdOf, type RepoFile, type RepoRef } from '../hub/types.js';
import { DISK_CHECKS_IN_FLIGHT, mapBounded } from './map-bounded.js';
import { algorithmOf, expectedContentOf, partialBytesOf, tempPrefixOf } from './plan-download.js';
import { RunFolders } from './run-folders.js';

/** Path → bytes its unfinished download into the cache holds; files with none are left out. */
export async function cachePartialBytes(
  hubCacheDir: string,
  repo: RepoRef,
  files: readonly RepoFile[],
): Promise<Map<string, number>> {
  const { cacheDir, repoFolder } = cacheRepoLayout(hubCacheDir, repo);
  const destination = { kind: 'cache' as const, cacheDir, repoFolder };
  const folders = new RunFolders();
  const bytes = await mapBounded(files, DISK_CHECKS_IN_FLIGHT, async (file) => {
    const planned = {
      path: file.path,
      size: file.size,
      blobId: blobIdOf(file),
      algorithm: algorithmOf(file),
    };
    // A listing's malformed blob id names no temp file of ours (the plan refuses it), and no path is built of it.
    if (!isBlobId(planned.blobId)) return 0;
    return partialBytesOf(tempPrefixOf({ destination }, planned), expectedContentOf(planned), folders).catch(
      () => 0,
    );
  });
  return new Map(
    files.flatMap((file, index) => ((bytes[index] ?? 0) > 0 ? [[file.path, bytes[index]!]] : [])),
  );
}
