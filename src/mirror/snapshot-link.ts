/**
 * The snapshot link `snapshots/<commit>/<path>` → `../../blobs/<id>` for a file the mirror served from a
 * blob it already had (another commit shares the content, or a request joined another commit's fetch), so
 * that commit also resolves offline from the cache (docs/cache-layout.md); and when the mirror stored what it
 * answers for a file (storedAt), for the date conditions of a request (conditional-request.ts).
 */
import { lstat, stat, symlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  blobPath,
  type CacheRepoLayout,
  refPath,
  relativeBlobTarget,
  snapshotFilePath,
} from '../cache/cache-layout.js';
import { blobIdOf, isFullCommit, type RepoFile } from '../hub/index.js';
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

/**
 * When the mirror stored what it answers for `file` asked by `revision` (ms), as an HTTP cache records when it
 * received a response (RFC 9111 §4.3.2): the latest of the blob's arrival in the cache, of the commit's snapshot
 * link to it and, for a branch or tag, of the last change of its `refs/` file (a branch that moved since a date
 * names a file modified since, however old its blob). Undefined when the cache does not hold the blob.
 */
export async function storedAt(
  layout: CacheRepoLayout,
  revision: string,
  commit: string,
  file: RepoFile,
): Promise<number | undefined> {
  const blob = await stat(blobPath(layout, blobIdOf(file))).catch(() => undefined);
  if (blob === undefined || blob.size !== file.size) return undefined;
  const never = () => 0;
  const [link, ref] = await Promise.all([
    lstat(snapshotFilePath(layout, commit, file.path)).then((info) => info.mtimeMs, never),
    isFullCommit(revision)
      ? 0
      : Promise.resolve()
          .then(() => stat(refPath(layout, revision)))
          .then((info) => info.mtimeMs, never),
  ]);
  return Math.max(blob.mtimeMs, link, ref);
}
