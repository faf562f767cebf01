/**
 * What the cache alone says about a repo (offline: the mirror, HF_HUB_OFFLINE downloads; docs/cache-layout.md): which commit a
 * branch or tag names (`refs/<rev>`), and the files of a commit (`snapshots/<commit>/…` links → blob names
 * and sizes). Blob names say what a listing needs: a 64-hex name is an LFS file's sha256; a 40-hex name is
 * a regular file's git sha1. Nothing outside the repo folder is read.
 */

import { createHash } from 'node:crypto';
import { readdir, readlink, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { byPath } from '../code-unit-order.js';
import { isBlobId } from '../hub/hex-ids.js';
import { isFullCommit } from '../hub/repo-id.js';
import { commitsWithPrefix, isShortCommit } from '../hub/short-commit.js';
import type { RepoFile } from '../hub/types.js';
import { isDirectoryAt } from '../system/path-kind.js';
import { type CacheRepoLayout, snapshotDir, snapshotsDir } from './cache-layout.js';
import { readRef } from './write-ref.js';

/** The text of the git-lfs pointer file of an LFS file (what the repo's git tree stores in its place). */
export function lfsPointerText(sha256: string, size: number): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
}

/** The git blob sha1 of the LFS pointer file: what the Hub lists as an LFS file's `oid`. */
export function lfsPointerOid(sha256: string, size: number): string {
  const pointer = lfsPointerText(sha256, size);
  return createHash('sha1')
    .update(`blob ${Buffer.byteLength(pointer)}\0${pointer}`)
    .digest('hex');
}

/**
 * The listing entry of a file known by its blob name alone: a 64-hex name is an LFS file's sha256 (its `oid`
 * is then the git sha1 of its pointer file), a 40-hex name a regular file's git sha1.
 */
export function repoFileOfBlob(path: string, blobId: string, size: number): RepoFile {
  return blobId.length === 64
    ? { path, size, oid: lfsPointerOid(blobId, size), lfs: { oid: blobId, size } }
    : { path, size, oid: blobId };
}

/** The commit `revision` names in the cache (ref file, full commit, or a unique short hash), if any. */
export async function cachedCommitFor(
  layout: CacheRepoLayout,
  revision: string,
): Promise<string | undefined> {
  if (isFullCommit(revision))
    return (await isDirectoryAt(snapshotDir(layout, revision))) ? revision : undefined;
  const commit = (await readRef(layout, revision))?.trim();
  if (commit !== undefined && isFullCommit(commit) && (await isDirectoryAt(snapshotDir(layout, commit))))
    return commit;
  // No such ref: maybe a short commit hash.
  if (isShortCommit(revision)) {
    const names = await readdir(snapshotsDir(layout)).catch(() => [] as string[]);
    const matches = commitsWithPrefix(revision, names);
    if (matches.length === 1) return matches[0];
  }
  return undefined;
}

/** Files of `commit` present in the cache (links whose blob exists), sorted by path. */
export async function cachedFiles(layout: CacheRepoLayout, commit: string): Promise<RepoFile[]> {
  const root = snapshotDir(layout, commit);
  const files: RepoFile[] = [];
  async function walk(dir: string, prefix: string, depth: number): Promise<void> {
    if (depth > 64) return;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) {
        await walk(full, path, depth + 1);
        continue;
      }
      if (!entry.isSymbolicLink()) continue;
      const blobId = basename(await readlink(full).catch(() => ''));
      if (!isBlobId(blobId)) continue;
      const size = await stat(full).then(
        (info) => (info.isFile() ? info.size : -1),
        () => -1,
      );
      if (size < 0) continue;
      files.push(repoFileOfBlob(path, blobId, size));
    }
  }
  await walk(root, '', 0);
  return files.sort(byPath);
}

/**
 * The cached commit `revision` names and its files, or undefined when nothing of it is cached. A commit
 * whose snapshot folder holds no file (a ref a client only resolved: write-ref.ts makes the folder with it)
 * counts as not cached: answering it with no files would let a client's download "succeed" empty.
 */
export async function cachedSnapshot(
  layout: CacheRepoLayout,
  revision: string,
): Promise<{ commit: string; files: ReadonlyMap<string, RepoFile> } | undefined> {
  const commit = await cachedCommitFor(layout, revision);
  const files = commit === undefined ? [] : await cachedFiles(layout, commit);
  if (commit === undefined || files.length === 0) return undefined;
  return { commit, files: new Map(files.map((file) => [file.path, file])) };
}
