/**
 * When the Hub cannot answer (unreachable, a 5xx or a rate limit after every retry), a download whose
 * snapshot is already on disk answers from it, as huggingface_hub's `snapshot_download` and `hf_hub_download`
 * do (docs/hub-protocol.md §1.2): `MODEL=$(hubget download org/name)` in a script keeps working through a Hub
 * outage once the model is there. The listing is then the cache's (offline-snapshot.ts, as HF_HUB_OFFLINE
 * reads it), so the plan tells why (`hubUnavailable`) and the run fetches nothing: a file the listing needs
 * from the network fails the run with the Hub's own error (plan-download.ts).
 *
 * Not a fallback: a repo, revision or file the Hub says does not exist, or refuses (401/403/404 are answers,
 * not an outage); and a repo with a download that never finished (a temp file in the cache, or in the local
 * dir): its snapshot folder lacks files the cache cannot name, so calling it complete would be a guess.
 */
import { cacheRepoLayout } from '../cache/cache-layout.js';
import { readLocalDirRecords } from '../cache/local-dir-records.js';
import { countUnfinishedInCachedRepo, countUnfinishedInLocalDir } from '../cache/unfinished-downloads.js';
import { HubgetError } from '../errors.js';
import { resolveHubCacheDir } from '../hub/hf-locations.js';
import { type OfflineSnapshot, offlineSnapshot } from './offline-snapshot.js';
import type { DownloadRequest } from './types.js';

/** The Hub did not answer the question (as opposed to answering no). */
export function isHubUnavailable(error: unknown): boolean {
  if (!(error instanceof HubgetError)) return false;
  if (error.code === 'NETWORK_UNREACHABLE' || error.code === 'RATE_LIMITED') return true;
  return error.code === 'HUB_HTTP_ERROR' && (error.status === undefined || error.status >= 500);
}

/** The snapshot on disk to answer from after `error`, or undefined when there is none to trust. */
export async function cachedSnapshotAfter(
  error: unknown,
  request: DownloadRequest,
  revision: string,
): Promise<OfflineSnapshot | undefined> {
  if (!isHubUnavailable(error)) return undefined;
  let snapshot: OfflineSnapshot;
  try {
    snapshot = await offlineSnapshot(request, revision);
  } catch {
    return undefined;
  }
  return (await hasUnfinishedDownloads(request)) ? undefined : snapshot;
}

async function hasUnfinishedDownloads(request: DownloadRequest): Promise<boolean> {
  const cache = cacheRepoLayout(resolveHubCacheDir({ cacheDir: request.cacheDir }), request.repo);
  if ((await countUnfinishedInCachedRepo(cache.repoDir)) > 0) return true;
  if (request.localDir === undefined) return false;
  return (await countUnfinishedInLocalDir(request.localDir, await readLocalDirRecords(request.localDir))) > 0;
}
