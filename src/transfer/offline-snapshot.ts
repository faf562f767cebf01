/**
 * A download's listing in offline mode (HF_HUB_OFFLINE, docs/hub-protocol.md §1.2), from what is on disk
 * instead of the Hub, as huggingface_hub answers offline: the cached commit the revision names
 * (`refs/<revision>`, a full or short commit) and the files of its snapshot; in local-dir mode also the
 * files the folder's `.cache/huggingface/download/*.metadata` records name. Planning then finds them all
 * present, so a download that is complete on disk returns its path without a request, and one that is not
 * fails with OFFLINE_MODE naming what is missing. When a download kept the commit's whole listing
 * (`trees/<commit>.json`, src/cache/tree-listing.ts; huggingface_hub 1.22+ keeps it too), that is the listing:
 * files the snapshot lacks are then missing too, named, as Python's `IncompleteSnapshotError` names them, where
 * the snapshot alone passed for complete. Nothing here contacts anything.
 */

import { cacheRepoLayout } from '../cache/cache-layout.js';
import { cachedSnapshot, repoFileOfBlob } from '../cache/cached-snapshot.js';
import { localBookkeepingDir } from '../cache/local-dir-layout.js';
import { readLocalDirRecords } from '../cache/local-dir-records.js';
import { readTreeListing } from '../cache/tree-listing.js';
import { HubgetError } from '../errors.js';
import { fileList } from '../format/path-punctuation.js';
import { isBlobId } from '../hub/hex-ids.js';
import { resolveHubCacheDir } from '../hub/hf-locations.js';
import { isFullCommit } from '../hub/repo-id.js';
import type { RepoFile } from '../hub/types.js';
import type { DownloadRequest } from './types.js';

export interface OfflineSnapshot {
  commit: string;
  files: RepoFile[];
  /** Never known from disk (ResolvedSnapshot.gated). */
  gated?: undefined;
}

/** Files of a local dir its metadata records name (with a blob id), by commit. */
async function localRecords(localDir: string): Promise<Map<string, RepoFile[]>> {
  const byCommit = new Map<string, RepoFile[]>();
  for (const record of await readLocalDirRecords(localDir)) {
    if (!isBlobId(record.etag)) continue;
    const file = repoFileOfBlob(record.path, record.etag, record.bytes);
    byCommit.set(record.commit, [...(byCommit.get(record.commit) ?? []), file]);
  }
  return byCommit;
}

function offlineError(request: DownloadRequest, revision: string, where: string): HubgetError {
  return new HubgetError(
    'OFFLINE_MODE',
    `${request.repo.repoId} at revision ${revision} is not in ${where}, and offline mode (HF_HUB_OFFLINE) ` +
      'forbids fetching it; unset HF_HUB_OFFLINE to reach the Hub',
    { details: { repoId: request.repo.repoId, revision } },
  );
}

export async function offlineSnapshot(request: DownloadRequest, revision: string): Promise<OfflineSnapshot> {
  const cache = cacheRepoLayout(resolveHubCacheDir({ cacheDir: request.cacheDir }), request.repo);
  const cached = await cachedSnapshot(cache, revision);
  if (request.localDir === undefined) {
    if (cached === undefined) throw offlineError(request, revision, `the cache (${cache.cacheDir})`);
    // The commit's whole listing, when a download kept it: what the snapshot lacks is then known.
    const listed = await readTreeListing(cache.repoDir, cached.commit);
    return { commit: cached.commit, files: listed ?? [...cached.files.values()] };
  }
  // local-dir mode: the folder's own files, and what the cache holds of the same commit (copied from it).
  const records = await localRecords(request.localDir);
  const commit =
    cached?.commit ??
    (isFullCommit(revision) && records.has(revision)
      ? revision
      : [...records].sort((a, b) => b[1].length - a[1].length)[0]?.[0]);
  if (commit === undefined) {
    throw offlineError(request, revision, `${request.localDir} or the cache (${cache.cacheDir})`);
  }
  const listed =
    (await readTreeListing(localBookkeepingDir(request.localDir), commit)) ??
    (await readTreeListing(cache.repoDir, commit));
  if (listed !== undefined) return { commit, files: listed };
  const files = new Map(
    (cached?.commit === commit ? [...cached.files.values()] : []).map((f) => [f.path, f]),
  );
  for (const file of records.get(commit) ?? []) files.set(file.path, file);
  return { commit, files: [...files.values()] };
}

/** The error for files the request names that are not on disk (the listing above lacks them). */
export function missingOfflineError(
  request: DownloadRequest,
  revision: string,
  missing: string[],
): HubgetError {
  return new HubgetError(
    'OFFLINE_MODE',
    `${fileList(missing)} of ${request.repo.repoId} at revision ${revision} ` +
      'not on disk, and offline mode (HF_HUB_OFFLINE) forbids fetching; unset HF_HUB_OFFLINE to reach the Hub',
    { details: { missing } },
  );
}
