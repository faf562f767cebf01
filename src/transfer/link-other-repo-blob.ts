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
 */
import { link, stat } from 'node:fs/promises';
import { blobPath, type CacheRepoLayout } from '../cache/cache-layout.js';
import { errorCodeOf } from '../errors.js';
import { fileMatches } from './hash-file.js';
import { expectedContentOf } from './plan-download.js';
import type { RunContext } from './run-context.js';
import type { PlannedFile } from './types.js';

/**
 * What linking did: `linked` (the blob is in place), `mismatch` (the other repo's blob does not hold the content:
 * fetch the file), `unlinkable` (the file system or its permissions refuse a link: copy it instead).
 */
export type LinkOutcome = 'linked' | 'mismatch' | 'unlinkable';

/** Whether `file`'s copy may be a hard link: an LFS blob from another repo's folder, into the HF cache. */
export function linksAcrossRepos(layout: CacheRepoLayout | undefined, file: PlannedFile): boolean {
  const place = file.copiedFrom;
  return (
    layout !== undefined &&
    file.cachedBlobPath !== undefined &&
    place?.from === 'hf-cache' &&
    place.repoId !== undefined &&
    file.algorithm === 'sha256' &&
    !file.copiedFromOtherRun
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
  if (source === undefined) return 'unlinkable';
  if (!(await fileMatches(source, expectedContentOf(file), { signal: ctx.signal }))) return 'mismatch';
  const target = blobPath(layout, file.blobId);
  try {
    await link(source, target);
  } catch (error) {
    const code = errorCodeOf(error) ?? '';
    // A blob of the right size appeared meanwhile (another run committed it): named by its hash, it is the content;
    // one of another size is replaced by the copy's rename.
    if (code === 'EEXIST') {
      if ((await sizeOf(target)) !== file.size) return 'unlinkable';
    } else if (REFUSED_LINK_CODES.has(code)) return 'unlinkable';
    else throw error;
  }
  ctx.emit({ type: 'file-verified', path: file.path, algorithm: file.algorithm });
  return 'linked';
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
