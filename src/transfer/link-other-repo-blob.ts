/**
 * A fork's weights without a second copy (docs/cache-hard-links.md): a blob another
 * repo's folder in the same HF cache holds (other-repo-blobs.ts) becomes this repo's blob by a hard link, after it
 * is hashed where it lies, instead of being copied and then hashed. Both names are one file then: no bytes written,
 * no room taken, and deleting either repo leaves the other's whole (`hubget rm` counts such a blob as freeing
 * nothing: scan-cached-repo.ts `links`).
 *
 * Only LFS blobs (named by their sha256): weights, which nothing edits in place. A regular file (a config, a
 * tokenizer: git-sha1 blobs) is copied as before: someone who edits a cached `config.json` through its snapshot link
 * would otherwise edit the other repo's too. Never a local dir's file either way (copy-finder.ts): a local dir's files
 * are the user's to edit.
 *
 * Nothing unverified reaches a final path: the link goes straight to `blobs/<blob id>`, and only after the blob was
 * hashed (a blob renamed over it in between has the same name, so the same content). No temp file ever shares the
 * other repo's inode, so a later resume can never write into the other repo's blob.
 *
 * Where the link is refused, the blob is copied (commit-planned-file.ts copyFromCache) without hashing the copy
 * again: the hash just made of the other repo's blob stands for it, when that file is the same one, unchanged, from
 * before the hash until after the copy (unchangedSince: the same device, inode, size, and modification and change
 * times; a write changes both times, and no one can set the change time back) and the copy has its size. The copy
 * itself is the kernel's (copy_file_range, a reflink), whose failures are errors, not altered bytes. What this does
 * not catch: a write into that blob within the same clock tick as its last change (the file systems' times are as
 * coarse as the kernel's tick, a few ms) — a blob is put in place by a rename and never written again, by hubget or
 * huggingface_hub. When the check fails, the copy is hashed, as any other: nothing unverified is committed.
 */
import type { BigIntStats } from 'node:fs';
import { link, stat } from 'node:fs/promises';
import { blobPath, type CacheRepoLayout } from '../cache/cache-layout.js';
import { errorCodeOf } from '../errors.js';
import { fileMatches } from './hash-file.js';
import { expectedContentOf } from './plan-download.js';
import type { RunContext } from './run-context.js';
import type { PlannedFile } from './types.js';

/**
 * What linking did: `linked` (the blob is in place), `mismatch` (the other repo's blob does not hold the content:
 * fetch the file), `unlinkable` (the file system or its permissions refuse a link: copy it instead), with `hashed`
 * when the other repo's blob was hashed and found right (its identity then: the copy need not be hashed again when
 * it is unchangedSince).
 */
export type LinkOutcome =
  | { outcome: 'linked' }
  | { outcome: 'mismatch' }
  | { outcome: 'unlinkable'; hashed?: HashedFile };

/** A file as it was before it was hashed (a `stat` in nanoseconds): unchangedSince tells whether it still is. */
export type HashedFile = Pick<BigIntStats, 'dev' | 'ino' | 'size' | 'mtimeNs' | 'ctimeNs'>;

/** Whether the file at `path` is the one hashed, unchanged: the same file, size, and modification and change times. */
export async function unchangedSince(path: string, hashed: HashedFile): Promise<boolean> {
  const now = await stat(path, { bigint: true }).catch(() => undefined);
  return (
    now !== undefined &&
    now.dev === hashed.dev &&
    now.ino === hashed.ino &&
    now.size === hashed.size &&
    now.mtimeNs === hashed.mtimeNs &&
    now.ctimeNs === hashed.ctimeNs
  );
}

/**
 * Hash the other repo's blob where it lies, then link it as this repo's blob. An error other than the file
 * system refusing the link (`EXDEV`: the other repo's folder is on another disk; `EPERM`, `EACCES`: the kernel's
 * protected hard links, a file of another user; `EMLINK`; `ENOTSUP`) is thrown, as a copy's would be.
 */
export async function linkOtherRepoBlob(
  ctx: RunContext,
  layout: CacheRepoLayout,
  file: PlannedFile,
): Promise<LinkOutcome> {
  const source = file.cachedBlobPath;
  if (source === undefined) return { outcome: 'unlinkable' };
  // Taken before the hash: a change made during it or after shows (unchangedSince).
  const hashed = await stat(source, { bigint: true });
  if (!(await fileMatches(source, expectedContentOf(file), { signal: ctx.signal })))
    return { outcome: 'mismatch' };
  const target = blobPath(layout, file.blobId);
  try {
    await link(source, target);
  } catch (error) {
    const code = errorCodeOf(error) ?? '';
    // A blob of the right size appeared meanwhile (another run committed it): named by its hash, it is the content;
    // one of another size is replaced by the copy's rename.
    if (code === 'EEXIST') {
      if ((await sizeOf(target)) !== file.size) return { outcome: 'unlinkable', hashed };
    } else if (REFUSED_LINK_CODES.has(code)) return { outcome: 'unlinkable', hashed };
    else throw error;
  }
  ctx.emit({ type: 'file-verified', path: file.path, algorithm: file.algorithm });
  return { outcome: 'linked' };
}

/** The file system cannot or may not link these two: copying is the way left. */
const REFUSED_LINK_CODES: ReadonlySet<string> = new Set([
  'EXDEV',
  'EPERM',
  'EACCES',
  'EMLINK',
  'ENOTSUP',
  'EOPNOTSUPP',
]);

async function sizeOf(path: string): Promise<number | undefined> {
  return stat(path).then(
    (info) => (info.isFile() ? info.size : undefined),
    () => undefined,
  );
}
