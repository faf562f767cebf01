/**
 * What of a repo's files at one commit is here, for the model page (routes/hub.ts): those the installed copy holds
 * (`onDisk`, src/cache/plan-on-disk.ts), the local dirs under the models folder whose finished download holds each
 * (`localDirs`: `hubget info`'s rule, LocalCopies.holding in src/transfer/local-dir-copies.ts, the rule a download
 * into the HF cache copies them by instead of fetching), and what unfinished downloads into the cache, or the other
 * layout's in those local dirs, hold of the others (`partialBytes`: src/transfer/partial-bytes.ts, the plan's rule),
 * and the other repos whose folder in the HF cache holds a file's blob (`cachedAs`: a fork's; `hubget info`'s rule,
 * OtherRepoBlobs.holding in src/transfer/other-repo-blobs.ts, the one a download copies them by).
 * So the page's "to fetch" is the preview's `bytesToFetch`: neither counts what is copied, nor a resumed prefix.
 */
import type { InstalledModel } from '../api-types.js';
import { localFolderOf, MODELS_DIR_ITSELF } from '../cache/local-dir-folder.js';
import { filesOnDiskAt } from '../cache/plan-on-disk.js';
import { repoFolderName } from '../cache/repo-folder.js';
import { validateRelativePath } from '../cache/safe-path.js';
import { findLocalDirs } from '../cache/scan-local-dirs.js';
import { isBlobId } from '../hub/hex-ids.js';
import { blobIdOf, type RepoFile, type RepoRef } from '../hub/types.js';
import { LocalCopies } from '../transfer/local-dir-copies.js';
import { OtherRepoBlobs } from '../transfer/other-repo-blobs.js';
import { cachePartialBytes } from '../transfer/partial-bytes.js';

export interface RepoFilesHere {
  /** Paths the installed copy holds at the commit. */
  onDisk: ReadonlySet<string>;
  /**
   * Path → the local dirs that hold it downloaded, as folders relative to the models folder ('/'-separated, as
   * `InstalledModel.localFolder`; the models folder itself, when it is one, MODELS_DIR_ITSELF); a file none holds
   * is left out.
   */
  localDirs: ReadonlyMap<string, string[]>;
  /** Path → the other repos whose folder in the HF cache holds its blob (a fork's); a file none holds is left out. */
  cachedAs: ReadonlyMap<string, string[]>;
  /** Path → what an unfinished download of it holds (neither on disk nor in a local dir); none left out. */
  partialBytes: ReadonlyMap<string, number>;
}

/** Whether a listing's entry may name a place on disk (the plan refuses the others: nothing of them is here). */
function isSafeEntry(file: RepoFile): boolean {
  try {
    validateRelativePath(file.path);
    return isBlobId(blobIdOf(file));
  } catch {
    return false;
  }
}

export async function repoFilesHere(options: {
  repo: RepoRef;
  commit: string;
  files: readonly RepoFile[];
  installed: Pick<InstalledModel, 'location' | 'path' | 'revisions'> | null;
  hubCacheDir: string;
  modelsDir: string;
}): Promise<RepoFilesHere> {
  const { repo, files, modelsDir } = options;
  const safe = files.filter(isSafeEntry);
  const [onDisk, dirs] = await Promise.all([
    filesOnDiskAt(options.installed, options.commit, files),
    findLocalDirs(modelsDir),
  ]);
  const wanted = safe.map((file) => ({ path: file.path, size: file.size, blobId: blobIdOf(file) }));
  const [held, cachedAs] = await Promise.all([
    LocalCopies.of(dirs, repo).then((copies) => copies.holding(wanted)),
    new OtherRepoBlobs(options.hubCacheDir, repoFolderName(repo)).holding(wanted),
  ]);
  // A download into the cache resumes only what it neither has nor copies (the plan's order).
  const partialBytes = await cachePartialBytes(
    options.hubCacheDir,
    repo,
    safe.filter((file) => !onDisk.has(file.path) && !held.has(file.path) && !cachedAs.has(file.path)),
    dirs,
  );
  const localDirs = new Map<string, string[]>();
  for (const [path, holders] of held) {
    // findLocalDirs finds only folders under the models folder, and the models folder itself, which has no name.
    localDirs.set(
      path,
      holders.map((dir) => localFolderOf(modelsDir, dir) ?? MODELS_DIR_ITSELF),
    );
  }
  return { onDisk, localDirs, cachedAs, partialBytes };
}
