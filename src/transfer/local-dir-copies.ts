/**
 * A download into the HF cache copies what a finished local-dir download already holds instead of fetching it
 * again (docs/cache-layout.md, "Reuse of a local dir"): the mirror image of local-dir mode's reuse of the HF
 * cache's blobs (plan-download.ts, docs/hub-disk-layout.md §3.12). Someone who fetched a model into
 * `~/models/name` for llama.cpp (with hubget or with `hf download --local-dir`) and then runs a tool that reads
 * the HF cache gets a copy (a reflink where the filesystem offers one), not a second download of the same gigabytes.
 *
 * Looked for under the models folder (`DownloadRequest.modelsDir`), in two ways:
 * - the local dirs hubget's marker names as downloads of this repo (scan-local-marker.ts), by the file's path;
 * - every other local dir there (one Python made, which names no repo; another repo's), by blob id: a blob id
 *   names content (the sha256 of an LFS file, the git sha1 of a regular one) whichever repo or path it came from,
 *   so a fork's weights or a Python download of the repo count as well. Their records are read once per plan,
 *   and only when a file is missing from the cache; through the process's kept reads (kept-local-records.ts), so
 *   asked again (the next model page, the mirror's next plan) an unchanged record costs a `stat`.
 * A file counts only as local-dir mode counts its own files as downloaded (localFileIsPresent: its `.metadata`
 * names the same blob id, the size matches, the mtime rule holds), so a file being written, or edited by hand
 * since, is not taken; and the copy is hashed before it is committed like every copy (copyFromCache), so a
 * file whose bytes changed under an intact record is fetched instead.
 */
import { localFileIsPresent } from '../cache/file-presence.js';
import { recordedBlobs } from '../cache/kept-local-records.js';
import { localFilePath } from '../cache/local-dir-layout.js';
import { findLocalDirs } from '../cache/scan-local-dirs.js';
import { keptLocalDirMarker } from '../cache/scan-local-marker.js';
import type { RepoRef } from '../hub/types.js';
import { KEPT_READS, type KeptReads } from '../system/kept-reads.js';
import { DISK_CHECKS_IN_FLIGHT, mapBounded } from './map-bounded.js';
import type { PlannedFile } from './types.js';

type LocalDirFile = Pick<PlannedFile, 'path' | 'blobId' | 'size'>;

/** Whether `localDir` holds `file` downloaded at `path` (its own by default): what a download into the cache copies. */
const holdsDownloaded = (localDir: string, file: LocalDirFile, path = file.path) =>
  localFileIsPresent(localDir, path, file.blobId, file.size).catch(() => false);

/** Of `dirs` (local dirs under the models folder, findLocalDirs), those hubget's marker names as downloads of a repo. */
async function markedDirsLookup(
  dirs: readonly string[],
  reads: KeptReads,
): Promise<(repo: Pick<RepoRef, 'repoId' | 'repoType'>) => string[]> {
  const markers = await mapBounded(dirs, DISK_CHECKS_IN_FLIGHT, (dir) =>
    keptLocalDirMarker(dir, reads).catch(() => null),
  );
  return (repo) =>
    dirs.filter(
      (_, index) => markers[index]?.repoId === repo.repoId && markers[index]?.repoType === repo.repoType,
    );
}

/**
 * A lookup of the local dirs under `modelsDir` that hubget's marker names as downloads of a repo (none when it is
 * missing): the models folder read once for many repos (`hubget search`'s results).
 */
export async function localDirsByRepo(
  modelsDir: string,
  reads: KeptReads = KEPT_READS,
): Promise<(repo: Pick<RepoRef, 'repoId' | 'repoType'>) => string[]> {
  return markedDirsLookup(await findLocalDirs(modelsDir, { reads }), reads);
}

/**
 * Of the local dirs `held` names for each path (LocalCopies.holding's answer, by dir or by folder name), those that
 * hold every one of `paths`: one folder holds all of a quantization, its shards together. None for no paths.
 * `hubget info`'s quantizations (src/cli/info-report.ts) and the model page's (src/server/routes/hub.ts).
 */
export function heldWhole(held: ReadonlyMap<string, readonly string[]>, paths: readonly string[]): string[] {
  const [first] = paths;
  if (first === undefined) return [];
  return (held.get(first) ?? []).filter((dir) => paths.every((path) => held.get(path)?.includes(dir)));
}

/** A downloaded file of a local dir, found by its blob id. */
interface HeldFile {
  dir: string;
  path: string;
}

/** Where a plan into the HF cache may copy missing files from (see the file's comment). */
export class LocalCopies {
  #byBlobId: Promise<Map<string, HeldFile[]>> | undefined;

  private constructor(
    /** hubget's local dirs of the repo: looked in by path first. */
    readonly dirsOfRepo: readonly string[],
    /** Every other local dir under the models folder: looked in by blob id. */
    readonly otherDirs: readonly string[],
    readonly reads: KeptReads,
  ) {}

  /** `dirs`: the local dirs under the models folder (findLocalDirs); `reads`: the process's unless a test's. */
  static async of(
    dirs: readonly string[],
    repo: RepoRef,
    reads: KeptReads = KEPT_READS,
  ): Promise<LocalCopies> {
    const ofRepo = (await markedDirsLookup(dirs, reads))(repo);
    return new LocalCopies(
      ofRepo,
      dirs.filter((dir) => !ofRepo.includes(dir)),
      reads,
    );
  }

  get empty(): boolean {
    return this.dirsOfRepo.length === 0 && this.otherDirs.length === 0;
  }

  /** A local dir that holds `file` downloaded, and the path of its content there; or undefined. */
  async copyOf(file: LocalDirFile): Promise<{ localDir: string; path: string } | undefined> {
    for (const { dir, path } of await this.#candidates(file)) {
      if (await holdsDownloaded(dir, file, path)) return { localDir: dir, path: localFilePath(dir, path) };
    }
    return undefined;
  }

  /**
   * For each of `files`, every local dir that holds it downloaded (by copyOf's rule), the repo's own dirs first; a
   * file none holds is left out. What `hubget info` marks as here besides the installed copy (src/cli/info-run.ts).
   */
  async holding(files: readonly LocalDirFile[]): Promise<Map<string, string[]>> {
    const held = new Map<string, string[]>();
    if (this.empty) return held;
    const candidates = (
      await Promise.all(
        files.map(async (file) => (await this.#candidates(file)).map((place) => ({ file, ...place }))),
      )
    ).flat();
    const present = await mapBounded(candidates, DISK_CHECKS_IN_FLIGHT, ({ file, dir, path }) =>
      holdsDownloaded(dir, file, path),
    );
    candidates.forEach(({ file, dir }, index) => {
      const dirs = held.get(file.path) ?? [];
      if (present[index] && !dirs.includes(dir)) held.set(file.path, [...dirs, dir]);
    });
    return held;
  }

  /** Where `file` may be: at its path in the repo's own dirs, then wherever the other dirs' records name its blob. */
  async #candidates(file: LocalDirFile): Promise<HeldFile[]> {
    const own = this.dirsOfRepo.map((dir) => ({ dir, path: file.path }));
    if (this.otherDirs.length === 0) return own;
    return [...own, ...((await this.#blobIndex()).get(file.blobId) ?? [])];
  }

  /**
   * The other dirs' files by the blob id their `.metadata` names, read once (a record without its file too: the
   * candidate's check, holdsDownloaded, leaves it out).
   */
  #blobIndex(): Promise<Map<string, HeldFile[]>> {
    this.#byBlobId ??= (async () => {
      const index = new Map<string, HeldFile[]>();
      for (const { dir, path, etag } of await recordedBlobs(this.otherDirs, this.reads)) {
        const held = index.get(etag) ?? [];
        held.push({ dir, path });
        index.set(etag, held);
      }
      return index;
    })();
    return this.#byBlobId;
  }
}
