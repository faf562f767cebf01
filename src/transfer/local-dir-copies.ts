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
 *   and only when a file is missing from the cache.
 * A file counts only as local-dir mode counts its own files as downloaded (localFileIsPresent: its `.metadata`
 * names the same blob id, the size matches, the mtime rule holds), so a file being written, or edited by hand
 * since, is not taken; and the copy is hashed before it is committed like every copy (copyFromCache), so a
 * file whose bytes changed under an intact record is fetched instead.
 */
import { localFileIsPresent } from '../cache/file-presence.js';
import { localFilePath } from '../cache/local-dir-layout.js';
import { readLocalDirRecords } from '../cache/local-dir-records.js';
import { readLocalDirMarker } from '../cache/scan-local-marker.js';
import type { RepoRef } from '../hub/types.js';
import type { PlannedFile } from './types.js';

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
  ) {}

  /** `dirs`: the local dirs under the models folder (findLocalDirs). */
  static async of(dirs: readonly string[], repo: RepoRef): Promise<LocalCopies> {
    const markers = await Promise.all(dirs.map((dir) => readLocalDirMarker(dir).catch(() => null)));
    const ofRepo = (index: number) =>
      markers[index]?.repoId === repo.repoId && markers[index]?.repoType === repo.repoType;
    return new LocalCopies(
      dirs.filter((_, index) => ofRepo(index)),
      dirs.filter((_, index) => !ofRepo(index)),
    );
  }

  get empty(): boolean {
    return this.dirsOfRepo.length === 0 && this.otherDirs.length === 0;
  }

  /** The path of `file`'s content in a local dir that holds it downloaded, or undefined. */
  async copyOf(file: Pick<PlannedFile, 'path' | 'blobId' | 'size'>): Promise<string | undefined> {
    const held = (dir: string, path: string) =>
      localFileIsPresent(dir, path, file.blobId, file.size).catch(() => false);
    for (const dir of this.dirsOfRepo) {
      if (await held(dir, file.path)) return localFilePath(dir, file.path);
    }
    if (this.otherDirs.length === 0) return undefined;
    for (const { dir, path } of (await this.#blobIndex()).get(file.blobId) ?? []) {
      if (await held(dir, path)) return localFilePath(dir, path);
    }
    return undefined;
  }

  /** The other dirs' downloaded files by the blob id their `.metadata` names, read once. */
  #blobIndex(): Promise<Map<string, HeldFile[]>> {
    this.#byBlobId ??= (async () => {
      const index = new Map<string, HeldFile[]>();
      for (const dir of this.otherDirs) {
        for (const record of await readLocalDirRecords(dir).catch(() => [])) {
          index.set(record.etag, [...(index.get(record.etag) ?? []), { dir, path: record.path }]);
        }
      }
      return index;
    })();
    return this.#byBlobId;
  }
}
