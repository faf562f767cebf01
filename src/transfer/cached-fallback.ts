/**
 * When the Hub cannot answer (unreachable, a 5xx or a rate limit after every retry), a download whose
 * snapshot is already on disk answers from it, as huggingface_hub's `snapshot_download` and `hf_hub_download`
 * do (docs/hub-protocol.md §1.2): `MODEL=$(hubget download org/name)` in a script keeps working through a Hub
 * outage once the model is there. The listing is then the cache's (offline-snapshot.ts, as HF_HUB_OFFLINE
 * reads it), so the plan tells why (`hubUnavailable`) and the run fetches nothing: a file the listing needs
 * from the network fails the run with the Hub's own error (plan-download.ts).
 *
 * Not a fallback: a repo, revision or file the Hub says does not exist, or refuses (401/403/404 are answers,
 * not an outage); a repo with a download that never finished (a temp file in the cache, or in the local
 * dir): its snapshot folder lacks files the cache cannot name; patterns that leave nothing of the snapshot
 * (the files they want were never fetched here); and a server job (`fromDiskWhenHubDown` is the CLI's): like
 * `hf download`, the CLI cannot tell a snapshot that holds every file of the repo from one an earlier run
 * fetched part of (one GGUF quantization), and says so; a job would mark such a model complete.
 */
import { cacheRepoLayout } from '../cache/cache-layout.js';
import { readLocalDirRecords } from '../cache/local-dir-records.js';
import { unfinishedInCachedRepo, unfinishedInLocalDir } from '../cache/unfinished-downloads.js';
import { HubgetError } from '../errors.js';
import { resolveHubCacheDir } from '../hub/hf-locations.js';
import { blobIdOf } from '../hub/types.js';
import { type OfflineSnapshot, offlineSnapshot } from './offline-snapshot.js';
import type { DownloadRequest } from './types.js';

/** The Hub did not answer the question (as opposed to answering no). */
export function isHubUnavailable(error: unknown): boolean {
  if (!(error instanceof HubgetError)) return false;
  if (error.code === 'NETWORK_UNREACHABLE' || error.code === 'RATE_LIMITED') return true;
  // Without a status, HUB_HTTP_ERROR is an answer that is not the Hub's (TLS, a wrong endpoint, a broken
  // proxy, a listing that is not one): a misconfiguration to report, not an outage to ride out.
  return error.code === 'HUB_HTTP_ERROR' && error.status !== undefined && error.status >= 500;
}

/**
 * The snapshot on disk to answer from after `error`, or undefined when there is none to trust. Its listing is the
 * commit's kept on disk when there is one (offline-snapshot.ts): a file it names that the disk lacks then fails the
 * plan with `error`, and a temp file of one the request leaves out is known for what it is.
 */
export async function cachedSnapshotAfter(
  error: unknown,
  request: DownloadRequest,
  revision: string,
): Promise<OfflineSnapshot | undefined> {
  if (request.fromDiskWhenHubDown !== true || !isHubUnavailable(error)) return undefined;
  let snapshot: OfflineSnapshot;
  try {
    snapshot = await offlineSnapshot(request, revision);
  } catch {
    return undefined;
  }
  return (await unfinishedDownloads(request, snapshot)) > 0 ? undefined : snapshot;
}

/**
 * Temp files of downloads of the request's repo that never finished, in the cache and in its local dir (any
 * program's, unfinished-downloads.ts), of files the snapshot on disk lacks, which only the Hub's listing
 * names. A temp file of content the snapshot names does not count: the file is there, or the run puts it in
 * place (a local dir's partial file, copied from the HF cache).
 */
export async function unfinishedDownloads(
  request: DownloadRequest,
  snapshot: Pick<OfflineSnapshot, 'files'>,
): Promise<number> {
  const named = new Set(snapshot.files.map(blobIdOf));
  const cache = cacheRepoLayout(resolveHubCacheDir({ cacheDir: request.cacheDir }), request.repo);
  const inCache = (await unfinishedInCachedRepo(cache.repoDir, named)).files;
  if (request.localDir === undefined) return inCache;
  const records = await readLocalDirRecords(request.localDir);
  return inCache + (await unfinishedInLocalDir(request.localDir, records, named)).files;
}
