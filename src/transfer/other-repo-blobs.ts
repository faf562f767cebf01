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
 * blob id; a file's candidates are then one stat each (a regular file of the listed size). The listings are the
 * process's kept reads (src/system/kept-reads.ts): a folder whose stamp is unchanged (a blob comes and goes by a
 * create, rename or unlink in its folder, a repo folder in the root) is not listed again, only stat'ed, and
 * while none changed every plan and page of the process shares one index. A blob is only ever
 * renamed into `blobs/` whole and checked, so it is no file being written; still, the copy is hashed before it
 * is committed like every copy (copyFromCache), so a blob whose bytes rotted is fetched instead.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRepoFolderName } from '../cache/repo-folder.js';
import { isBlobId } from '../hub/hex-ids.js';
import { KEPT_READS, type KeptReads, type PathReader } from '../system/kept-reads.js';
import { DISK_CHECKS_IN_FLIGHT, mapBounded } from './map-bounded.js';
import type { PlannedFile } from './types.js';

type BlobFile = Pick<PlannedFile, 'path' | 'blobId' | 'size'>;

/** A blob another repo's folder holds: its path, and the repo (its folder named it). */
export interface OtherRepoBlob {
  path: string;
  repoId: string;
}

/** A model folder of the cache root. */
interface ModelFolder {
  name: string;
  repoId: string;
}

const MODEL_FOLDERS: PathReader<ModelFolder[]> = {
  kind: 'hf-cache-model-folders',
  async read(cacheDir) {
    return (await readdir(cacheDir)).flatMap((name) => {
      const repo = parseRepoFolderName(name);
      return repo?.repoType === 'model' ? [{ name, repoId: repo.repoId }] : [];
    });
  },
};

const BLOB_IDS: PathReader<string[]> = {
  kind: 'hf-cache-blob-ids',
  async read(blobs) {
    return (await readdir(blobs)).filter(isBlobId);
  },
};

/** The blobs of every model folder of a cache by blob id, with the folder each lies in; and what it was made of. */
interface BlobIndex {
  cacheDir: string;
  reads: KeptReads;
  folders: readonly ModelFolder[];
  listings: readonly (readonly string[])[];
  byBlobId: Map<string, (OtherRepoBlob & { folder: string })[]>;
}

/** What a cache root or `blobs/` folder that cannot be read holds: one value, so that an index of it is kept. */
const NONE: readonly never[] = [];

/** The last index made: the next one made of the very same listings (none listed again) is it. */
let lastIndex: BlobIndex | undefined;

/** The index of `cacheDir`'s model folders' blobs now (a cache or folder that cannot be read: none). */
async function blobIndexOf(cacheDir: string, reads: KeptReads): Promise<BlobIndex> {
  const folders = (await reads.read(cacheDir, MODEL_FOLDERS).catch(() => undefined)) ?? NONE;
  const listings = await mapBounded(folders, DISK_CHECKS_IN_FLIGHT, async ({ name }) => {
    const listed = await reads.read(join(cacheDir, name, 'blobs'), BLOB_IDS).catch(() => undefined);
    return listed ?? NONE;
  });
  const last = lastIndex;
  if (
    last?.cacheDir === cacheDir &&
    last.reads === reads &&
    last.folders === folders &&
    listings.every((listing, at) => listing === last.listings[at])
  ) {
    return last;
  }
  const byBlobId: BlobIndex['byBlobId'] = new Map();
  folders.forEach(({ name, repoId }, at) => {
    for (const blobId of listings[at]!) {
      const blobs = byBlobId.get(blobId) ?? [];
      blobs.push({ path: join(cacheDir, name, 'blobs', blobId), repoId, folder: name });
      byBlobId.set(blobId, blobs);
    }
  });
  lastIndex = { cacheDir, reads, folders, listings, byBlobId };
  return lastIndex;
}

/** Whether `path` is a regular file of `size` bytes (stat follows a link, as a copy would). */
const isFileOfSize = (path: string, size: number) =>
  stat(path).then(
    (info) => info.isFile() && info.size === size,
    () => false,
  );

/** The blobs of the model folders in a HF cache other than one repo's own, looked up by blob id. */
export class OtherRepoBlobs {
  #byBlobId: Promise<BlobIndex['byBlobId']> | undefined;

  constructor(
    readonly cacheDir: string,
    /** The repo's own folder (`models--org--name`): left out, its blobs are the plan's own. */
    readonly ownFolder: string,
    /** The process's kept reads unless a test's. */
    readonly reads: KeptReads = KEPT_READS,
  ) {}

  /** A blob of `file`'s content and size in another repo's folder, or undefined. */
  async copyOf(file: Pick<BlobFile, 'blobId' | 'size'>): Promise<OtherRepoBlob | undefined> {
    for (const blob of await this.#blobsOf(file.blobId)) {
      if (await isFileOfSize(blob.path, file.size)) return { path: blob.path, repoId: blob.repoId };
    }
    return undefined;
  }

  /**
   * For each of `files`, the other repos whose folder holds its blob (by copyOf's rule); a file none holds is left
   * out. What `hubget info` counts as here besides the installed copy and the local dirs (src/cli/info-run.ts).
   */
  async holding(files: readonly BlobFile[]): Promise<Map<string, string[]>> {
    const candidates = (
      await Promise.all(
        files.map(async (file) => (await this.#blobsOf(file.blobId)).map((blob) => ({ file, blob }))),
      )
    ).flat();
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

  /** Other model folders' blobs of `blobId` (the index read once per plan, or page). */
  async #blobsOf(blobId: string): Promise<readonly (OtherRepoBlob & { folder: string })[]> {
    this.#byBlobId ??= blobIndexOf(this.cacheDir, this.reads).then((index) => index.byBlobId);
    return ((await this.#byBlobId).get(blobId) ?? []).filter((blob) => blob.folder !== this.ownFolder);
  }
}
