/**
 * Committing one verified file into the Hub cache (docs/hub-disk-layout.md §3.3–§3.5,
 * docs/hub-downloaders.md §6.3–§6.5):
 * rename temp → `blobs/<blobId>`, link `snapshots/<commit>/<path>` → blob, make sure `refs/` exists
 * (the JS scanner stats it, docs/hub-disk-layout.md §3.11) and `CACHEDIR.TAG` sits at the cache root
 * (docs/hub-disk-layout.md §3.9). No flock from Node (docs/hub-downloaders.md §6.5): correctness rests on unique temp
 * names, atomic rename and re-checks.
 */
import { renameSync, statSync, symlinkSync } from 'node:fs';
import { rename, rm, stat, symlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeDirectory } from '../make-directory.js';
import { metadataCall } from '../system/sync-fs-switch.js';
import {
  blobPath,
  type CacheRepoLayout,
  refsDir,
  relativeBlobTarget,
  snapshotFilePath,
} from './cache-layout.js';
import { ensureCachedirTag } from './cachedir-tag.js';

/**
 * The calls of a commit run synchronously while the disk answers fast (src/system/sync-fs-switch.ts): three
 * thread-pool round trips per file were ≈ 9 % of the main thread's time for 300 small files.
 */
async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (
      await metadataCall(
        () => statSync(path, { throwIfNoEntry: false }),
        () => stat(path),
      )
    )?.size;
  } catch {
    return undefined;
  }
}

/** True when `linkPath` (following links) is the very file `blob` (same device and inode). */
export async function resolvesToFile(linkPath: string, blob: string): Promise<boolean> {
  try {
    const [a, b] = await Promise.all([stat(linkPath), stat(blob)]);
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}

/** mkdir -p; a download run passes its own memo instead, so each folder is created once per run. */
export type EnsureFolder = (folder: string) => Promise<unknown>;

/**
 * Create the relative snapshot symlink. An existing entry that already resolves to the blob is kept
 * (a concurrent writer made it); a dangling or wrong link, or a stale regular file, is replaced.
 */
export async function linkSnapshotFile(
  layout: CacheRepoLayout,
  commit: string,
  path: string,
  blobId: string,
  ensureFolder: EnsureFolder = makeDirectory,
): Promise<string> {
  const linkPath = snapshotFilePath(layout, commit, path);
  const target = relativeBlobTarget(path, blobId);
  const blob = blobPath(layout, blobId);
  await ensureFolder(dirname(linkPath));
  for (let attempt = 0; ; attempt++) {
    try {
      await metadataCall(
        () => symlinkSync(target, linkPath),
        () => symlink(target, linkPath),
      );
      return linkPath;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
    }
    if (await resolvesToFile(linkPath, blob)) return linkPath;
    // Not recursive: a directory squatting on a file path is an error, not something to delete.
    await rm(linkPath, { force: true });
  }
}

export interface CommitCacheFileOptions {
  layout: CacheRepoLayout;
  commit: string;
  path: string;
  blobId: string;
  size: number;
  /** Verified temp file to move into `blobs/`; omit when the blob already exists (just link it). */
  tempPath?: string;
  /** Resume map to delete once the blob is in place. */
  resumeMapPath?: string;
  /** Creates the snapshot sub-folder; default mkdir -p. */
  ensureFolder?: EnsureFolder;
  /** The caller made `refs/` and `CACHEDIR.TAG` once for its whole run: skip them per file. */
  repoPrepared?: boolean;
}

export interface CommittedCacheFile {
  snapshotPath: string;
  blobPath: string;
  /** The blob was already there (another process or revision); our temp file was dropped. */
  keptExistingBlob: boolean;
}

export async function commitCacheFile(options: CommitCacheFileOptions): Promise<CommittedCacheFile> {
  const { layout, commit, path, blobId, size, tempPath, resumeMapPath, ensureFolder, repoPrepared } = options;
  const blob = blobPath(layout, blobId);
  let keptExistingBlob = true;
  if (tempPath !== undefined) {
    // Re-check just before the rename (docs/hub-downloaders.md §6.5): a blob of the right size that appeared meanwhile
    // has the same content (it is named by its hash), so keep it and drop ours.
    if ((await sizeOf(blob)) === size) {
      await rm(tempPath, { force: true });
    } else {
      await metadataCall(
        () => renameSync(tempPath, blob),
        () => rename(tempPath, blob),
      );
      keptExistingBlob = false;
    }
  } else if ((await sizeOf(blob)) !== size) {
    throw new Error(`commitCacheFile: blob ${blob} is missing or has the wrong size`);
  }
  if (resumeMapPath !== undefined) await rm(resumeMapPath, { force: true });
  const snapshotPath = await linkSnapshotFile(layout, commit, path, blobId, ensureFolder);
  if (!repoPrepared) {
    await makeDirectory(refsDir(layout));
    await ensureCachedirTag(layout.cacheDir);
  }
  return { snapshotPath, blobPath: blob, keptExistingBlob };
}
