/**
 * Plan a snapshot download: resolve the revision ONCE to a commit and list the files at that commit
 * (docs/hub-protocol.md §2.4,
 * docs/hub-downloaders.md §6.8), filter them (§2.5), validate every path and blob id before anything
 * touches the disk (docs/hub-downloaders.md §6.10), then find what is already there (present / partially fetched,
 * or on disk elsewhere to copy: copy-finder.ts). Planning writes nothing.
 */
import { join, resolve } from 'node:path';
import {
  assertBlobId,
  blobPath,
  blobsDir,
  cacheRepoLayout,
  snapshotDir,
  snapshotFilePath,
} from '../cache/cache-layout.js';
import { cacheFilePresence, localFileIsPresent } from '../cache/file-presence.js';
import { localFilePath, localTempPrefix } from '../cache/local-dir-layout.js';
import { validateRelativePath } from '../cache/safe-path.js';
import { attemptsOf } from '../cache/temp-files.js';
import { HubgetError } from '../errors.js';
import { fileList } from '../format/path-punctuation.js';
import { plural } from '../format/units.js';
import { resolveHubCacheDir } from '../hub/hf-locations.js';
import type { HubCallOptions } from '../hub/hub-request.js';
import { filterPaths } from '../hub/patterns.js';
import { resolveSnapshot } from '../hub/resolve-snapshot.js';
import { blobIdOf, type RepoFile } from '../hub/types.js';
import { cachedSnapshotAfter, unfinishedDownloads } from './cached-fallback.js';
import { CopyFinder, linksAcrossRepos } from './copy-finder.js';
import { foreignPrefixBytes } from './foreign-partials.js';
import { DISK_CHECKS_IN_FLIGHT, mapBounded } from './map-bounded.js';
import { missingOfflineError, offlineSnapshot } from './offline-snapshot.js';
import { type OtherLayoutPlaces, otherLayoutPrefixes } from './other-layout-partials.js';
import { resumableBytesOf } from './resumable-bytes.js';
import { liveHub } from './run-context.js';
import { RunFolders } from './run-folders.js';
import type {
  DownloadOptions,
  DownloadPlan,
  DownloadRequest,
  ExpectedContent,
  PlannedFile,
} from './types.js';

export const DEFAULT_REVISION = 'main';

/** Prefix of this file's temp names (without the random part): `blobs/<id>` or `download/…/{X}.{id}`. */
export function tempPrefixOf(
  plan: Pick<DownloadPlan, 'destination'>,
  file: Pick<PlannedFile, 'path' | 'blobId'>,
): string {
  if (plan.destination.kind === 'local')
    return localTempPrefix(plan.destination.localDir, file.path, file.blobId);
  const { cacheDir, repoFolder } = plan.destination;
  return join(cacheDir, repoFolder, 'blobs', file.blobId);
}

export function expectedContentOf(file: Pick<PlannedFile, 'size' | 'algorithm' | 'blobId'>): ExpectedContent {
  return { size: file.size, algorithm: file.algorithm, hex: file.blobId };
}

/** How a listed file's content is checked: sha256 for LFS/Xet files, git's blob sha1 for the others. */
export function algorithmOf(file: RepoFile): PlannedFile['algorithm'] {
  return file.lfs ? 'sha256' : 'git-sha1';
}

/**
 * ENTRY_NOT_FOUND when the patterns leave none (`left`) of the `selected` files, most likely a mistyped
 * pattern: said, rather than a "complete" download with nothing fetched; null when they leave one or there
 * was none. The plan's rule, and POST /api/downloads' before it queues (src/jobs/download-check.ts).
 */
export function noFileLeft(
  request: Pick<DownloadRequest, 'repo' | 'revision' | 'filenames' | 'include' | 'exclude'>,
  counts: { selected: number; left: number },
  commit: string,
): HubgetError | null {
  if (counts.left > 0 || counts.selected === 0) return null;
  const patterns = [
    ['include', request.include],
    ['exclude', request.exclude],
  ] as const;
  const named = patterns
    .flatMap(([kind, list]) =>
      list?.length ? [`${kind} ${list.map((pattern) => JSON.stringify(pattern)).join(', ')}`] : [],
    )
    .join('; ');
  const what = `the ${plural(counts.selected, 'file')} ${request.filenames?.length ? 'named' : 'it lists'}`;
  return new HubgetError(
    'ENTRY_NOT_FOUND',
    `No file of ${request.repo.repoId} at revision ${request.revision ?? DEFAULT_REVISION} is left by the patterns` +
      ` (${named}): they rule out all of ${what}`,
    { details: { include: request.include ?? [], exclude: request.exclude ?? [], commit } },
  );
}

/** `unanswered`: the Hub's error when the files are the snapshot on disk because the Hub did not answer. */
function selectFiles(
  files: RepoFile[],
  request: DownloadRequest,
  commit: string,
  unanswered: unknown,
): RepoFile[] {
  let selected = files;
  if (request.filenames !== undefined && request.filenames.length > 0) {
    const byPath = new Map(files.map((file) => [file.path, file]));
    const missing = request.filenames.filter((name) => !byPath.has(name));
    if (missing.length > 0 && request.hub.offline) {
      throw missingOfflineError(request, request.revision ?? DEFAULT_REVISION, missing);
    }
    if (missing.length > 0 && unanswered !== undefined) throw unanswered;
    if (missing.length > 0) {
      throw new HubgetError(
        'ENTRY_NOT_FOUND',
        `${fileList(missing)} not found in ${request.repo.repoId}` +
          ` at revision ${request.revision ?? DEFAULT_REVISION}`,
        { details: { missing, commit } },
      );
    }
    selected = [...new Set(request.filenames)].map((name) => byPath.get(name)!);
  }
  const filtered = filterPaths(selected, (file) => file.path, request.include, request.exclude);
  // Patterns that leave nothing of the snapshot on disk want files never fetched here: the Hub's error.
  if (filtered.length === 0 && unanswered !== undefined) throw unanswered;
  const nothingLeft = noFileLeft(request, { selected: selected.length, left: filtered.length }, commit);
  if (nothingLeft) throw nothingLeft;
  return filtered;
}

/** Throws why a listed entry may not be planned: an unsafe path, blob id or size. */
function assertSafeEntry(file: RepoFile): void {
  validateRelativePath(file.path);
  assertBlobId(blobIdOf(file));
  if (!Number.isSafeInteger(file.size) || file.size < 0) {
    throw new HubgetError('UNSAFE_PATH', `Refusing ${JSON.stringify(file.path)}: invalid size ${file.size}`);
  }
}

/** Refuse the whole download if any selected path or blob id is unsafe: nothing gets written. */
function validateListing(files: RepoFile[], repoId: string): void {
  for (const file of files) {
    try {
      assertSafeEntry(file);
    } catch (error) {
      throw unsafeListing(repoId, file.path, error);
    }
  }
}

/** The listing's files `selected` leaves out that are safe to plan (an unsafe one names nothing on disk). */
function otherSafeFiles(files: readonly RepoFile[], selected: readonly RepoFile[]): RepoFile[] {
  const taken = new Set(selected.map((file) => file.path));
  return files.filter((file) => {
    if (taken.has(file.path)) return false;
    try {
      assertSafeEntry(file);
      return true;
    } catch {
      return false;
    }
  });
}

/** The refusal of a whole download for one unsafe entry of its listing (`error`: why that entry is refused). */
function unsafeListing(repoId: string, path: string, error: unknown): HubgetError {
  const reason = error instanceof Error ? error.message : String(error);
  return new HubgetError(
    'UNSAFE_PATH',
    `The listing of ${repoId} contains an unsafe entry; nothing was downloaded. ${reason}`,
    { cause: error, details: { path } },
  );
}

/**
 * The plan's refusal (validateListing) for the first of `paths`, files the download takes, that is not a safe
 * repository path; null when all are: POST /api/downloads refuses with it the paths its Hub check read.
 */
export function unsafePathRefusal(repoId: string, paths: Iterable<string>): HubgetError | null {
  for (const path of paths) {
    try {
      validateRelativePath(path);
    } catch (error) {
      return unsafeListing(repoId, path, error);
    }
  }
  return null;
}

/**
 * The bytes of a file not on disk that a download of it resumes from (`PlannedFile.partialBytes`): a paused or
 * failed hubget run's temp file, by its resume map, else another program's partial download (here, or at
 * `otherPrefixes`, the other layout's: other-layout-partials.ts). The plan counts them, and so does the model
 * page's "to fetch" (partial-bytes.ts).
 */
export async function partialBytesOf(
  prefix: string,
  expected: ExpectedContent,
  folders: RunFolders,
  otherPrefixes: readonly string[] = [],
): Promise<number> {
  // One readdir per temp folder for the whole plan instead of one per file.
  const here = await folders.mayHaveTemps(prefix);
  if (!here && otherPrefixes.length === 0) return 0;
  // A prefix with temp files: its attempts listed once, for both rules.
  const attempts = here ? await attemptsOf(prefix) : [];
  // Else another program's partial download, which the run takes as fetched (foreign-partials.ts).
  return (
    (await resumableBytesOf(attempts, expected)) ||
    foreignPrefixBytes(prefix, expected, { attempts, otherPrefixes })
  );
}

/**
 * `otherFiles`: also plan the listing's files the request leaves out (DownloadPlan.otherFiles), what the
 * destination holds of each; never fetched (the server's preview, for the model page's disk verdicts).
 */
export interface PlanOptions {
  otherFiles?: boolean;
}

/**
 * `hubOptions` (signal, retry, dispatcher) is an optional extension of the contract; with `hubConfig` each
 * attempt of the listing reads the Hub settings in effect then (a running job's, liveHub).
 */
export async function planDownload(
  request: DownloadRequest,
  planOptions: HubCallOptions & Pick<DownloadOptions, 'hubConfig'> & PlanOptions = {},
): Promise<DownloadPlan> {
  const { hubConfig: _live, otherFiles: withOthers, ...hubOptions } = planOptions;
  const revision = request.revision ?? DEFAULT_REVISION;
  // Offline (HF_HUB_OFFLINE): the listing is what is on disk, as huggingface_hub answers offline; and so it is
  // when the Hub does not answer and the snapshot is on disk (cached-fallback.ts).
  let unanswered: unknown;
  const snapshot = request.hub.offline
    ? await offlineSnapshot(request, revision)
    : await resolveSnapshot({
        ...hubOptions,
        hub: liveHub(request, planOptions),
        repo: request.repo,
        revision,
      }).catch(async (error: unknown) => {
        const cached = await cachedSnapshotAfter(error, request, revision);
        if (cached === undefined) throw error;
        unanswered = error;
        return cached;
      });
  const selected = selectFiles(snapshot.files, request, snapshot.commit, unanswered);
  validateListing(selected, request.repo.repoId);

  const destination: DownloadPlan['destination'] =
    request.localDir !== undefined
      ? { kind: 'local', localDir: resolve(request.localDir) }
      : (() => {
          const layout = cacheRepoLayout(resolveHubCacheDir({ cacheDir: request.cacheDir }), request.repo);
          return { kind: 'cache' as const, cacheDir: layout.cacheDir, repoFolder: layout.repoFolder };
        })();
  const layout =
    destination.kind === 'cache' ? cacheRepoLayout(destination.cacheDir, request.repo) : undefined;

  // Content already on disk elsewhere is copied instead of fetched (copy-finder.ts).
  const copies = await CopyFinder.of(request);
  // Half-done downloads of the other layout, taken as a fetched prefix (other-layout-partials.ts).
  const otherPlaces: OtherLayoutPlaces =
    copies.ownCacheBlobs !== undefined
      ? { kind: 'cache', blobs: copies.ownCacheBlobs }
      : { kind: 'local', localDirs: copies.modelsLocalDirs };

  const folders = new RunFolders();
  // What the destination holds of a listed file, or where else on disk it is.
  const planFile = async (file: RepoFile): Promise<PlannedFile> => {
    const blobId = blobIdOf(file);
    const planned: PlannedFile = {
      path: file.path,
      size: file.size,
      blobId,
      algorithm: algorithmOf(file),
      finalPath: layout
        ? snapshotFilePath(layout, snapshot.commit, file.path)
        : localFilePath((destination as { localDir: string }).localDir, file.path),
      present: false,
      partialBytes: 0,
    };
    // A file its folder did not list is missing: no stat (a first download stats nothing).
    if (layout) {
      planned.present =
        (await folders.mayExist(blobPath(layout, blobId))) &&
        (await cacheFilePresence(layout, snapshot.commit, file.path, blobId, file.size)) !== 'missing';
    } else {
      planned.present =
        (await folders.mayExist(planned.finalPath)) &&
        (await localFileIsPresent(
          (destination as { localDir: string }).localDir,
          file.path,
          blobId,
          file.size,
        ));
    }
    const copy = planned.present ? undefined : await copies.copyOf(planned, folders);
    if (copy !== undefined) {
      planned.cachedBlobPath = copy.path;
      planned.copiedFrom = copy.place;
      if (linksAcrossRepos(layout, planned)) planned.linkable = true;
    }
    if (!planned.present && planned.cachedBlobPath === undefined) {
      const others = await otherLayoutPrefixes(otherPlaces, planned, folders);
      if (others.length > 0) planned.otherLayoutPrefixes = others;
      planned.partialBytes = await partialBytesOf(
        tempPrefixOf({ destination }, planned),
        expectedContentOf(planned),
        folders,
        others,
      );
    }
    return planned;
  };
  // Bounded: a 10 000-file listing must not hold 10 000 chains of fs calls at once (map-bounded.ts).
  const files = await mapBounded(selected, DISK_CHECKS_IN_FLIGHT, planFile);
  const otherFiles = withOthers
    ? await mapBounded(otherSafeFiles(snapshot.files, selected), DISK_CHECKS_IN_FLIGHT, planFile)
    : undefined;

  // Without the Hub nothing can be fetched: a file not on disk fails the run with the Hub's error.
  const absent = files.filter((file) => !file.present && file.cachedBlobPath === undefined);
  if (unanswered !== undefined && absent.length > 0) throw unanswered;
  // Offline, a listing the disk kept (tree-listing.ts) names files the disk lacks: named, not fetched.
  if (request.hub.offline && absent.length > 0) {
    throw missingOfflineError(
      request,
      revision,
      absent.map((file) => file.path),
    );
  }
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  const presentBytes = files.reduce((sum, file) => sum + (file.present ? file.size : 0), 0);
  const partialBytes = files.reduce((sum, file) => sum + file.partialBytes, 0);
  const copiedBytes = files.reduce((sum, file) => sum + (file.cachedBlobPath ? file.size : 0), 0);
  const linkedBytes = files.reduce((sum, file) => sum + (file.linkable ? file.size : 0), 0);
  const single = request.filenames?.length === 1 ? files[0] : undefined;
  const resultPath =
    single !== undefined
      ? single.finalPath
      : layout
        ? snapshotDir(layout, snapshot.commit)
        : (destination as { localDir: string }).localDir;

  return {
    request,
    revision,
    commit: snapshot.commit,
    destination,
    files,
    totalBytes,
    presentBytes,
    copiedBytes,
    linkedBytes,
    bytesToFetch: Math.max(0, totalBytes - presentBytes - partialBytes - copiedBytes),
    resultPath,
    ...(otherFiles !== undefined && { otherFiles }),
    ...(snapshot.gated !== undefined && { gated: snapshot.gated }),
    ...(!request.hub.offline && unanswered === undefined && { listing: snapshot.files }),
    ...(unanswered !== undefined && {
      hubUnavailable: unanswered instanceof Error ? unanswered.message : String(unanswered),
    }),
    ...(request.hub.offline && { unfinishedOnDisk: await unfinishedDownloads(request, snapshot) }),
  };
}

/**
 * Bytes the download writes at its destination: those fetched and those copied from the HF cache (a copy
 * may turn out a reflink that takes no space, the filesystem does not say in advance), but not the LFS blobs
 * another repo's folder of the same HF cache holds (`linkedBytes`): a hard link takes no room. The disk-space
 * preflight's need, in the engine and in the server's preview alike. A link the file system refuses after all
 * (link-other-repo-blob.ts: the other folder on another disk) is copied, and a disk that then fills fails the
 * download DISK_FULL (copyFromCache), the files in place kept.
 */
export function bytesToWrite(
  plan: Pick<DownloadPlan, 'bytesToFetch' | 'copiedBytes' | 'linkedBytes'>,
): number {
  return plan.bytesToFetch + plan.copiedBytes - plan.linkedBytes;
}

/** Folder the temp files go to (for the disk-space preflight). */
/** The folder a download writes to: the local dir, or the repo's folder in the HF cache (free space is named there). */
export function destinationFolderOf(plan: DownloadPlan): string {
  if (plan.destination.kind === 'local') return plan.destination.localDir;
  return cacheRepoLayout(plan.destination.cacheDir, plan.request.repo).repoDir;
}

export function tempFolderOf(plan: DownloadPlan): string {
  if (plan.destination.kind === 'local')
    return join(plan.destination.localDir, '.cache', 'huggingface', 'download');
  return blobsDir(cacheRepoLayout(plan.destination.cacheDir, plan.request.repo));
}
