/**
 * Is a planned file already on disk? Trust the blob name + size like Python does (docs/hub-disk-layout.md §3.3:
 * Python never re-hashes); hashing 100 GB on every plan would be far too slow.
 */
import { stat } from 'node:fs/promises';
import { blobPath, type CacheRepoLayout, snapshotFilePath } from './cache-layout.js';
import { resolvesToFile } from './commit-cache-file.js';
import { localFilePath } from './local-dir-layout.js';
import { readLocalMetadata } from './local-dir-metadata.js';

/** `linked`: snapshot entry resolves to the right blob; `blob-only`: blob exists, link missing or wrong. */
export type CachePresence = 'linked' | 'blob-only' | 'missing';

export async function cacheFilePresence(
  layout: CacheRepoLayout,
  commit: string,
  path: string,
  blobId: string,
  size: number,
): Promise<CachePresence> {
  const blob = blobPath(layout, blobId);
  let blobSize: number;
  try {
    blobSize = (await stat(blob)).size;
  } catch {
    return 'missing';
  }
  if (blobSize !== size) return 'missing';
  return (await resolvesToFile(snapshotFilePath(layout, commit, path), blob)) ? 'linked' : 'blob-only';
}

/** Present when the real file has the right size and its metadata (still valid) names the same blob. */
export async function localFileIsPresent(
  localDir: string,
  path: string,
  blobId: string,
  size: number,
): Promise<boolean> {
  try {
    const info = await stat(localFilePath(localDir, path));
    if (!info.isFile() || info.size !== size) return false;
  } catch {
    return false;
  }
  const metadata = await readLocalMetadata(localDir, path);
  return metadata !== undefined && metadata.etag === blobId;
}
