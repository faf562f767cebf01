/**
 * `trees/<commit>.json`: a commit's whole file listing kept on disk, as huggingface_hub 1.22+ keeps it
 * (docs/hub-disk-layout.md §3.9) — in the repo's folder of the HF cache, or in a local dir's
 * `.cache/huggingface/`. A commit never changes, so neither does its listing. hubget writes it when it lists a
 * commit on the Hub for a download (Python's `snapshot_download` does the same, before any file), and reads it
 * offline (HF_HUB_OFFLINE): with it, what the snapshot lacks is known, where the snapshot alone names only what it
 * holds. Python reads what hubget writes: `snapshot_download` skips listing the commit again and, offline, says which
 * files an incomplete snapshot lacks (`IncompleteSnapshotError`); `get_cached_repo_tree` answers from it.
 *
 * The format, Python's: `{"format_version": 1, "files": {"<path>": {"size", "blob_id", "lfs_sha256"?, "lfs_size"?,
 * "xet_hash"?}}}`, sorted by path. A listing with an Xet hash that is not 64 hex digits is neither written nor read
 * (Python ignores such a file), nor is one of another version; a failed write is not the download's failure.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { byPath } from '../code-unit-order.js';
import { isGitOid, isSha256Hex, isXetHash } from '../hub/hex-ids.js';
import { isFullCommit } from '../hub/repo-id.js';
import type { RepoFile } from '../hub/types.js';
import { makeDirectory } from '../make-directory.js';
import { replaceFile } from '../replace-file.js';

/** The version of the format Python writes and reads (`TREE_CACHE_FORMAT_VERSION`). */
export const TREE_LISTING_FORMAT_VERSION = 1;

interface TreeListingEntry {
  size: number;
  blob_id: string;
  lfs_sha256?: string;
  lfs_size?: number;
  xet_hash?: string;
}

/** `<folder>/trees/<commit>.json`: `folder` the repo's folder in the HF cache, or a local dir's `.cache/huggingface`. */
export function treeListingPath(folder: string, commit: string): string {
  return join(folder, 'trees', `${commit}.json`);
}

function entryOf(file: RepoFile): TreeListingEntry {
  return {
    size: file.size,
    blob_id: file.oid,
    ...(file.lfs && { lfs_sha256: file.lfs.oid, lfs_size: file.lfs.size }),
    ...(file.xetHash !== undefined && { xet_hash: file.xetHash }),
  };
}

/**
 * Writes the commit's listing unless it is there already (or any Xet hash in it is not one); false when nothing was
 * written. `files` must be the commit's whole listing.
 */
export async function writeTreeListing(
  folder: string,
  commit: string,
  files: readonly RepoFile[],
): Promise<boolean> {
  if (!isFullCommit(commit) || files.some((file) => file.xetHash !== undefined && !isXetHash(file.xetHash)))
    return false;
  const path = treeListingPath(folder, commit);
  if ((await readTreeListing(folder, commit)) !== undefined) return false;
  const sorted = [...files].sort(byPath);
  const data = {
    format_version: TREE_LISTING_FORMAT_VERSION,
    files: Object.fromEntries(sorted.map((file) => [file.path, entryOf(file)])),
  };
  await makeDirectory(dirname(path));
  await replaceFile(path, JSON.stringify(data, null, 1));
  return true;
}

function fileOf(path: string, value: unknown): RepoFile | undefined {
  const entry = value as Partial<Record<keyof TreeListingEntry, unknown>> | null;
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { size, blob_id: oid, lfs_sha256: sha256, lfs_size: lfsSize, xet_hash: xetHash } = entry;
  if (!Number.isSafeInteger(size) || (size as number) < 0 || typeof oid !== 'string' || !isGitOid(oid))
    return undefined;
  const file: RepoFile = { path, size: size as number, oid };
  if (sha256 !== undefined && sha256 !== null) {
    if (typeof sha256 !== 'string' || !isSha256Hex(sha256)) return undefined;
    file.lfs = { oid: sha256, size: Number.isSafeInteger(lfsSize) ? (lfsSize as number) : file.size };
  }
  if (xetHash !== undefined && xetHash !== null) {
    if (typeof xetHash !== 'string' || !isXetHash(xetHash)) return undefined;
    file.xetHash = xetHash;
  }
  return file;
}

/**
 * The commit's listing kept at `folder`, or undefined: none there, unreadable, another format version, or any entry
 * not what the format says (an Xet hash that is not one, a blob id that is not a git sha1): then the listing is not
 * known from disk, as without the file.
 */
export async function readTreeListing(folder: string, commit: string): Promise<RepoFile[] | undefined> {
  let data: { format_version?: unknown; files?: unknown };
  try {
    data = JSON.parse(await readFile(treeListingPath(folder, commit), 'utf8'));
  } catch {
    return undefined;
  }
  if (data?.format_version !== TREE_LISTING_FORMAT_VERSION) return undefined;
  if (typeof data.files !== 'object' || data.files === null || Array.isArray(data.files)) return undefined;
  const files: RepoFile[] = [];
  for (const [path, value] of Object.entries(data.files)) {
    const file = fileOf(path, value);
    if (file === undefined) return undefined;
    files.push(file);
  }
  return files;
}
