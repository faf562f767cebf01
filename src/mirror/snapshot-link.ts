/**
 * The snapshot link `snapshots/<commit>/<path>` → `../../blobs/<id>` for a file the mirror served from a
 * blob it already had (another commit shares the content, or a request joined another commit's fetch), so
 * that commit also resolves offline from the cache (docs/cache-layout.md).
 */
import { lstat, symlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type CacheRepoLayout, relativeBlobTarget, snapshotFilePath } from '../cache/cache-layout.js';
import { blobIdOf, type RepoFile } from '../hub/index.js';
import { makeDirectory } from '../make-directory.js';

export async function ensureSnapshotLink(
  layout: CacheRepoLayout,
  commit: string,
  file: RepoFile,
): Promise<void> {
  const link = snapshotFilePath(layout, commit, file.path);
  const exists = await lstat(link).then(
    () => true,
    () => false,
  );
  if (exists) return;
  await makeDirectory(dirname(link));
  await symlink(relativeBlobTarget(file.path, blobIdOf(file)), link).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}
