/**
 * A half-done download of a file in the other layout (docs/cache-layout.md, "Another program's partial download"):
 * a run into the HF cache looks in the local dirs under the models folder
 * (`{local dir}/.cache/huggingface/download/…/{X}.{blob id}.incomplete`, and the ≥ 1.18 attempts beside it), a
 * local-dir run in the HF cache's `blobs/<blob id>.incomplete` and attempts. Their names carry the blob id, so
 * their bytes are the file's (and the final hash check covers them). foreign-partials.ts takes the longest by its
 * rules (no resume map, no holes, not written for 60 s); here is where to look, and the take itself: a rename
 * under that place's claims mutex, only while no live hubget run there claims the file. So a hubget run of the
 * other layout never loses a file it is about to take over or write (it claims first, under the same mutex).
 */
import { rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { localTempPrefixBelow, localTempPrefixIn } from '../cache/local-dir-layout.js';
import { makeDirectory } from '../make-directory.js';
import type { FileLock } from '../system/file-lock.js';
import { lockClaimsFolder, otherRuns } from './claim-records.js';
import { claimOfTempPrefix } from './claims-folder.js';
import type { RunFolders } from './run-folders.js';
import type { PlannedFile } from './types.js';

/** The claims mutex is held for milliseconds; a place whose mutex stays busy longer is not taken from. */
const MUTEX_WAIT_MS = 2000;

/**
 * Where a plan looks for the other layout's temp files: the HF cache's `blobs/` of the repo (a local-dir run), or
 * the local dirs under the models folder (a run into the cache).
 */
export type OtherLayoutPlaces =
  | { kind: 'cache'; blobs: string }
  | { kind: 'local'; localDirs: readonly string[] };

/** `file`'s temp prefix in each of `localDirs` (its part below their download folders worked out once). */
function localTempPrefixesOf(
  localDirs: readonly string[],
  file: Pick<PlannedFile, 'path' | 'blobId'>,
): string[] {
  if (localDirs.length === 0) return [];
  const below = localTempPrefixBelow(file.path, file.blobId);
  return localDirs.map((localDir) => localTempPrefixIn(localDir, below));
}

/**
 * The other layout's temp prefixes of `file` whose folder held a name starting with it at the plan's first look
 * (one listing per folder: RunFolders).
 */
export async function otherLayoutPrefixes(
  places: OtherLayoutPlaces,
  file: Pick<PlannedFile, 'path' | 'blobId'>,
  folders: RunFolders,
): Promise<string[]> {
  const prefixes =
    places.kind === 'cache' ? [join(places.blobs, file.blobId)] : localTempPrefixesOf(places.localDirs, file);
  const seen = await Promise.all(prefixes.map((prefix) => folders.mayHaveTemps(prefix)));
  return prefixes.filter((_, index) => seen[index]);
}

/**
 * Renames `from` (a temp file of the other layout's `prefix`) to `to` (this run's fresh temp name, its folder made)
 * while holding the claims mutex of `prefix`'s place, unless a live hubget run there claims the file. False when
 * not taken: claimed, the mutex busy for seconds or unusable, or the file gone (or on another file system).
 */
export async function takeUnclaimed(from: string, to: string, prefix: string): Promise<boolean> {
  const claim = claimOfTempPrefix(prefix);
  if (claim === undefined) return false;
  let mutex: FileLock | undefined;
  try {
    await makeDirectory(dirname(to));
    // Made if missing: a run that starts meanwhile claims under this mutex, after the rename.
    mutex = await lockClaimsFolder(claim.folder, AbortSignal.timeout(MUTEX_WAIT_MS), { remake: true });
    const live = await otherRuns(claim.folder, '');
    if (live.some((run) => run.keys.includes(claim.key))) return false;
    await rename(from, to);
    return true;
  } catch {
    return false;
  } finally {
    mutex?.release();
  }
}
