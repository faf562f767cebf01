/**
 * Where a plan finds a missing file's content on disk, to copy it (verified) instead of fetching it, and names the
 * place (PlannedFile.cachedBlobPath and .copiedFrom; docs/cache-layout.md, "Where each copy comes from"). In this
 * order:
 * - local-dir mode: the repo's own blob in the HF cache, as huggingface_hub does (docs/hub-disk-layout.md §3.12);
 * - into the cache: a finished local-dir download under the models folder (local-dir-copies.ts);
 * - either way: a blob another repo's folder in the same HF cache holds, a fork's (other-repo-blobs.ts).
 * The lookups behind the last two read what they need once per plan, and only once a file is missing.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { blobsDir, type CacheRepoLayout, cacheRepoLayout } from '../cache/cache-layout.js';
import { findLocalDirs } from '../cache/scan-local-dirs.js';
import type { CopyPlace } from '../format/copy-places.js';
import { resolveHubCacheDir } from '../hub/hf-locations.js';
import { LocalCopies } from './local-dir-copies.js';
import { OtherRepoBlobs } from './other-repo-blobs.js';
import type { RunFolders } from './run-folders.js';
import type { DownloadRequest, PlannedFile } from './types.js';

type Wanted = Pick<PlannedFile, 'path' | 'blobId' | 'size'>;

export class CopyFinder {
  private constructor(
    /** local-dir mode: the repo's own `blobs/` folder in the HF cache. */
    readonly ownCacheBlobs: string | undefined,
    /** Into the cache: the local dirs under the models folder (findLocalDirs). */
    readonly modelsLocalDirs: readonly string[],
    readonly localCopies: LocalCopies,
    readonly otherRepos: OtherRepoBlobs,
  ) {}

  /** For a plan of `request`, into the HF cache unless `request.localDir` is set. */
  static async of(request: DownloadRequest): Promise<CopyFinder> {
    const cache = cacheRepoLayout(resolveHubCacheDir({ cacheDir: request.cacheDir }), request.repo);
    const intoCache = request.localDir === undefined;
    const modelsLocalDirs =
      intoCache && request.modelsDir !== undefined ? await findLocalDirs(request.modelsDir) : [];
    return new CopyFinder(
      intoCache ? undefined : blobsDir(cache),
      modelsLocalDirs,
      await LocalCopies.of(modelsLocalDirs, request.repo),
      new OtherRepoBlobs(cache.cacheDir, cache.repoFolder),
    );
  }

  /** A file on disk with `file`'s content, and the place it lies in; undefined when none is known. */
  async copyOf(file: Wanted, folders: RunFolders): Promise<{ path: string; place: CopyPlace } | undefined> {
    if (this.ownCacheBlobs !== undefined) {
      const blob = join(this.ownCacheBlobs, file.blobId);
      const size = (await folders.mayExist(blob))
        ? await stat(blob).then(
            (info) => (info.isFile() ? info.size : -1),
            () => -1,
          )
        : -1;
      if (size === file.size) return { path: blob, place: { from: 'hf-cache' } };
    }
    if (!this.localCopies.empty) {
      const copy = await this.localCopies.copyOf(file);
      if (copy !== undefined) return { path: copy.path, place: { from: 'local-dir', dir: copy.localDir } };
    }
    const blob = await this.otherRepos.copyOf(file);
    return blob && { path: blob.path, place: { from: 'hf-cache', repoId: blob.repoId } };
  }
}

/**
 * The one rule for whether a copy is a hard link (link-other-repo-blob.ts, docs/cache-hard-links.md): an LFS (sha256)
 * file copied into the HF cache from a blob another repo's folder holds, not a file another run of this plan fetches.
 * Such a copy takes no room (bytesToWrite). The plan reads it from its PlannedFile (linksAcrossRepos), the server's
 * preview from what lies on disk (linkedFromOtherRepo).
 */
export function copyIsLink(copy: {
  intoHfCache: boolean;
  sha256: boolean;
  place: CopyPlace | undefined;
  fromOtherRun?: boolean;
}): boolean {
  const { place } = copy;
  return (
    copy.intoHfCache &&
    copy.sha256 &&
    place?.from === 'hf-cache' &&
    place.repoId !== undefined &&
    !copy.fromOtherRun
  );
}

/** Whether a planned file's copy is a hard link (copyIsLink): the plan marks it `linkable`, the run links it. */
export function linksAcrossRepos(layout: CacheRepoLayout | undefined, file: PlannedFile): boolean {
  return copyIsLink({
    intoHfCache: layout !== undefined && file.cachedBlobPath !== undefined,
    sha256: file.algorithm === 'sha256',
    place: file.copiedFrom,
    fromOtherRun: file.copiedFromOtherRun === true,
  });
}

/**
 * Whether a download into the HF cache would link a file it lacks (copyIsLink), from what lies on disk: CopyFinder
 * copies from a local dir under the models folder first (a copy takes room), then from another repo's blob.
 */
export function linkedFromOtherRepo(file: {
  lfs: boolean;
  localDirs: readonly string[];
  otherRepos: readonly string[];
}): boolean {
  const place: CopyPlace | undefined =
    file.localDirs[0] !== undefined
      ? { from: 'local-dir', dir: file.localDirs[0] }
      : file.otherRepos[0] !== undefined
        ? { from: 'hf-cache', repoId: file.otherRepos[0] }
        : undefined;
  return copyIsLink({ intoHfCache: true, sha256: file.lfs, place });
}
