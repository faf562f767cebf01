/**
 * Reads one repo folder of the hub cache the way `hf cache scan` does (docs/hub-disk-layout.md §3.11): only
 * `refs/` and `snapshots/` are read; every snapshot file is resolved to its blob (a relative symlink, or
 * the file itself in no-symlink mode, docs/hub-disk-layout.md §3.10); sizes are the blobs' `st_size`, each blob counted
 * once. Problems become warnings instead of exceptions, so one broken repo never hides the others.
 * Used by scan-cache.ts (listing) and delete-cache.ts (planning).
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { isFullCommit } from '../hub/repo-id.js';
import type { RepoRef } from '../hub/types.js';
import { storedBytes } from '../system/stored-bytes.js';

export interface CacheScanWarning {
  path: string;
  message: string;
}

export interface CachedFile {
  /** Path inside the snapshot, `/`-separated. */
  path: string;
  /** Resolved blob (the file itself in no-symlink mode). */
  blobPath: string;
  size: number;
  mtimeMs: number;
  /**
   * Names the blob has on its file system (`st_nlink`): more than 1 when another repo's folder links the same blob
   * (src/transfer/link-other-repo-blob.ts), which deleting this one leaves in place.
   */
  links: number;
  /** The file itself (`dev:ino`): one blob under several repos' names is one file (a hard link). */
  fileId: string;
}

export interface CachedRevisionDetail {
  commit: string;
  snapshotDir: string;
  /** Ref names pointing at this commit (`main`, `refs/pr/1`). */
  refs: string[];
  files: CachedFile[];
}

export interface CachedRepoDetail {
  repo: RepoRef;
  repoDir: string;
  revisions: CachedRevisionDetail[];
  /** Every ref file: name → commit (refs to a missing snapshot included). */
  refs: Map<string, string>;
}

async function listDir(dir: string): Promise<Dirent[]> {
  return readdir(dir, { withFileTypes: true });
}

/** All files below `dir` (not directories), as paths relative to `dir`. */
async function walkFiles(dir: string, depth = 0): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await listDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (depth < 64) for (const child of await walkFiles(path, depth + 1)) out.push(join(entry.name, child));
    } else {
      out.push(entry.name);
    }
  }
  return out;
}

/** Every ref file of a repo folder, name (`main`, `refs/pr/1`) → commit; bad ones become warnings. */
export async function readRefs(repoDir: string, warnings: CacheScanWarning[]): Promise<Map<string, string>> {
  const refsDir = join(repoDir, 'refs');
  const refs = new Map<string, string>();
  let names: string[];
  try {
    names = await walkFiles(refsDir);
  } catch {
    return refs; // No refs/ at all: commit-only downloads (docs/hub-disk-layout.md §3.11); Python accepts it.
  }
  for (const name of names) {
    const path = join(refsDir, name);
    try {
      const raw = await readFile(path, 'utf8');
      const commit = raw.trim();
      if (!isFullCommit(commit)) {
        warnings.push({ path, message: 'ref does not hold a 40-hex commit' });
        continue;
      }
      // Python reads refs unstripped (docs/hub-disk-layout.md §3.5): a trailing newline breaks its lookups, though we
      // cope.
      if (raw !== commit)
        warnings.push({ path, message: 'ref has surrounding whitespace (Python will not read it)' });
      refs.set(name.split(sep).join('/'), commit);
    } catch (error) {
      warnings.push({ path, message: `unreadable ref: ${(error as Error).message}` });
    }
  }
  return refs;
}

/**
 * Detail of one repo folder, or null (with a warning) when it is not a valid repo folder at all
 * (no `snapshots/` — what Python reports as a corrupted repo).
 */
export async function scanCachedRepo(
  repoDir: string,
  repo: RepoRef,
  warnings: CacheScanWarning[],
): Promise<CachedRepoDetail | null> {
  const snapshotsDir = join(repoDir, 'snapshots');
  let snapshotEntries: Dirent[];
  try {
    snapshotEntries = await listDir(snapshotsDir);
  } catch {
    warnings.push({ path: repoDir, message: 'repo folder has no snapshots/ folder' });
    return null;
  }
  const refs = await readRefs(repoDir, warnings);
  const revisions: CachedRevisionDetail[] = [];
  for (const entry of snapshotEntries) {
    const snapshotDir = join(snapshotsDir, entry.name);
    if (!entry.isDirectory()) {
      warnings.push({ path: snapshotDir, message: 'snapshots/ entry is not a folder' });
      continue;
    }
    const files: CachedFile[] = [];
    for (const relativePath of await walkFiles(snapshotDir).catch(() => [] as string[])) {
      const linkPath = join(snapshotDir, relativePath);
      try {
        const blobPath = await realpath(linkPath);
        const info = await stat(blobPath);
        if (info.isDirectory()) continue;
        files.push({
          path: relativePath.split(sep).join('/'),
          blobPath,
          size: info.size,
          mtimeMs: info.mtimeMs,
          links: info.nlink,
          fileId: `${info.dev}:${info.ino}`,
        });
      } catch {
        warnings.push({ path: linkPath, message: 'snapshot file points to a missing blob' });
      }
    }
    revisions.push({
      commit: entry.name,
      snapshotDir,
      refs: [...refs].filter(([, commit]) => commit === entry.name).map(([name]) => name),
      files,
    });
  }
  const commits = new Set(revisions.map((revision) => revision.commit));
  for (const [name, commit] of refs) {
    if (!commits.has(commit)) {
      warnings.push({
        path: join(repoDir, 'refs', ...name.split('/')),
        message: `ref points to ${commit}, which has no snapshot`,
      });
    }
  }
  return { repo, repoDir, revisions, refs };
}

/** Each blob a set of revisions uses, once (path → the file of one snapshot link to it). */
export function blobFilesOf(revisions: readonly CachedRevisionDetail[]): Map<string, CachedFile> {
  const blobs = new Map<string, CachedFile>();
  for (const revision of revisions) for (const file of revision.files) blobs.set(file.blobPath, file);
  return blobs;
}

/** Unique blobs (path → size) used by a set of revisions. */
export function blobsOf(revisions: readonly CachedRevisionDetail[]): Map<string, number> {
  return new Map([...blobFilesOf(revisions)].map(([path, file]) => [path, file.size]));
}

/**
 * Whether another name links the blob of `file` (a fork's weights hard-linked from another repo's folder:
 * src/transfer/link-other-repo-blob.ts): deleting this name frees nothing while that one stays.
 */
export function isSharedBlob(file: CachedFile): boolean {
  return file.links > 1;
}

/** Of sizeOnDiskOf, the bytes of blobs another name links too (isSharedBlob): what deleting them leaves on disk. */
export function sharedBlobBytesOf(revisions: readonly CachedRevisionDetail[]): number {
  let total = 0;
  for (const file of blobFilesOf(revisions).values()) if (isSharedBlob(file)) total += file.size;
  return total;
}

/**
 * Bytes that rows of `details` count more than once: a blob several repos' folders link (a fork's weights,
 * src/transfer/link-other-repo-blob.ts) is in each one's `sizeOnDisk`, as `hf cache scan` counts it, but on disk once.
 */
export function linkedAgainBytes(details: readonly CachedRepoDetail[]): number {
  const seen = new Set<string>();
  let again = 0;
  for (const detail of details) {
    for (const file of blobFilesOf(detail.revisions).values()) {
      if (!isSharedBlob(file)) continue;
      if (seen.has(file.fileId)) again += file.size;
      else seen.add(file.fileId);
    }
  }
  return again;
}

/**
 * What the finished files of these revisions take on disk (`sizeOnDisk`, src/format/copy-bytes.ts): each blob
 * once, by its length, as `hf cache scan` counts.
 */
export function sizeOnDiskOf(revisions: readonly CachedRevisionDetail[]): number {
  let total = 0;
  for (const file of blobFilesOf(revisions).values()) total += file.size;
  return total;
}

/**
 * Bytes the regular files below `dir` take on disk; symlinks count as nothing (deleting them frees no data).
 * A sparse file counts what it holds, not its length: a temp file hubget sized to 600 MB with 77 MB written
 * frees 77 MB (`du`'s figure), where its length said 600 (storedBytes).
 */
export async function folderBytes(dir: string, depth = 0): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [] as Dirent[])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (depth < 64) total += await folderBytes(path, depth + 1);
    } else if (entry.isFile()) {
      total += storedBytes(await lstat(path).catch(() => ({ size: 0, blocks: 0 })));
    }
  }
  return total;
}
