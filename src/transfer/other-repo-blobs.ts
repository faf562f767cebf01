/**
 * A download copies a blob another repo's folder in the same HF cache holds instead of fetching it
 * (docs/cache-layout.md, "Reuse of another repo's blobs"): a fork of the repo, or the repo under its old name
 * (renamed on the Hub), whose blobs hold the very same content. A blob id names content (the sha256 of an LFS
 * file, the git sha1 of a regular one) whichever repo it came from, so `models--other--fork/blobs/<blob id>` of
 * the listed size is the file. Both layouts look here: a download into the cache, and a local-dir download
 * beside its own repo's blobs (plan-download.ts).
 *
 * Found cheaply, whatever the number of repos in the cache: only once a file is missing, the cache root is listed
 * and each model folder's `blobs/` once per plan (one readdir each, no snapshot or tree read), into one index by
 * blob id; a file's candidates are then one stat each (a regular file of the listed size). A blob is only ever
 * renamed into `blobs/` whole and checked, so it is no file being written; still, the copy is hashed before it
 * is committed like every copy (copyFromCache), so a blob whose bytes rotted is fetched instead.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRepoFolderName } from '../cache/repo-folder.js';
import { isBlobId } from '../hub/hex-ids.js';
import { DISK_CHECKS_IN_FLIGHT, mapBounded } from './map-bounded.js';
import type { PlannedFile } from './types.js';

type BlobFile = Pick<PlannedFile, 'path' | 'blobId' | 'size'>;

/** A blob another repo's folder holds: its path, and the repo (its folder named it). */
export interface OtherRepoBlob {
  path: string;
  repoId: string;
}

/** Whether `path` is a regular file of `size` bytes (stat follows a link, as a copy would). */
const isFileOfSize = (path: string, size: number) =>
  stat(path).then(
    (info) => info.isFile() && info.size === size,
    () => false,
  );

/** The blobs of the model folders in a HF cache other than one repo's own, looked up by blob id. */
export class OtherRepoBlobs {
  #byBlobId: Promise<Map<string, OtherRepoBlob[]>> | undefined;

  constructor(
    readonly cacheDir: string,
    /** The repo's own folder (`models--org--name`): left out, its blobs are the plan's own. */
    readonly ownFolder: string,
  ) {}

  /** A blob of `file`'s content and size in another repo's folder, or undefined. */
  async copyOf(file: Pick<BlobFile, 'blobId' | 'size'>): Promise<OtherRepoBlob | undefined> {
    for (const blob of (await this.#index()).get(file.blobId) ?? []) {
      if (await isFileOfSize(blob.path, file.size)) return blob;
    }
    return undefined;
  }

  /**
   * For each of `files`, the other repos whose folder holds its blob (by copyOf's rule); a file none holds is left
   * out. What `hubget info` counts as here besides the installed copy and the local dirs (src/cli/info-run.ts).
   */
  async holding(files: readonly BlobFile[]): Promise<Map<string, string[]>> {
    const index = await this.#index();
    const candidates = files.flatMap((file) =>
      (index.get(file.blobId) ?? []).map((blob) => ({ file, blob })),
    );
    const present = await mapBounded(candidates, DISK_CHECKS_IN_FLIGHT, ({ file, blob }) =>
      isFileOfSize(blob.path, file.size),
    );
    const held = new Map<string, string[]>();
    candidates.forEach(({ file, blob }, index) => {
      const repos = held.get(file.path) ?? [];
      if (present[index] && !repos.includes(blob.repoId)) held.set(file.path, [...repos, blob.repoId]);
    });
    return held;
  }

  /** Every other model folder's blobs by blob id, listed once (a cache or folder that cannot be read: none). */
  #index(): Promise<Map<string, OtherRepoBlob[]>> {
    this.#byBlobId ??= (async () => {
      const index = new Map<string, OtherRepoBlob[]>();
      const folders = (await readdir(this.cacheDir).catch(() => [] as string[])).flatMap((name) => {
        const repo = name === this.ownFolder ? undefined : parseRepoFolderName(name);
        return repo?.repoType === 'model' ? [{ name, repoId: repo.repoId }] : [];
      });
      const listings = await mapBounded(folders, DISK_CHECKS_IN_FLIGHT, ({ name }) =>
        readdir(join(this.cacheDir, name, 'blobs')).catch(() => [] as string[]),
      );
      folders.forEach(({ name, repoId }, at) => {
        for (const blobId of listings[at]!) {
          if (!isBlobId(blobId)) continue;
          const blobs = index.get(blobId) ?? [];
          blobs.push({ path: join(this.cacheDir, name, 'blobs', blobId), repoId });
          index.set(blobId, blobs);
        }
      });
      return index;
    })();
    return this.#byBlobId;
  }
}
