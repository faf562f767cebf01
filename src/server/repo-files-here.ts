/**
 * What of a repo's files at one commit is here, for the model page (routes/hub.ts): those the installed copy holds
 * (`onDisk`, src/cache/plan-on-disk.ts), the local dirs under the models folder whose finished download holds each
 * (`localDirs`: `hubget info`'s rule, LocalCopies.holding in src/transfer/local-dir-copies.ts, the rule a download
 * into the HF cache copies them by instead of fetching), and what unfinished downloads into the cache, or the other
 * layout's in those local dirs, hold of the others (`partialBytes`: src/transfer/partial-bytes.ts, the plan's rule).
 * So the page's "to fetch" is the preview's `bytesToFetch`: neither counts what is copied, nor a resumed prefix.
 */
import type { InstalledModel } from '../api-types.js';
import { localFolderOf } from '../cache/local-dir-folder.js';
import { filesOnDiskAt } from '../cache/plan-on-disk.js';
import { validateRelativePath } from '../cache/safe-path.js';
import { findLocalDirs } from '../cache/scan-local-dirs.js';
import { isBlobId } from '../hub/hex-ids.js';
import { blobIdOf, type RepoFile, type RepoRef } from '../hub/types.js';
import { LocalCopies } from '../transfer/local-dir-copies.js';
import { cachePartialBytes } from '../transfer/partial-bytes.js';

export interface RepoFilesHere {
  /** Paths the installed copy holds at the commit. */
  onDisk: ReadonlySet<string>;
  /**
   * Path → the local dirs that hold it downloaded, as folders relative to the models folder ('/'-separated, as
   * `InstalledModel.localFolder`); a file none holds is left out.
   */
  localDirs: ReadonlyMap<string, string[]>;
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
  const copies = await LocalCopies.of(dirs, repo);
  const held = await copies.holding(
    safe.map((file) => ({ path: file.path, size: file.size, blobId: blobIdOf(file) })),
  );
  // A download into the cache resumes only what it neither has nor copies (the plan's order).
  const partialBytes = await cachePartialBytes(
    options.hubCacheDir,
    repo,
    safe.filter((file) => !onDisk.has(file.path) && !held.has(file.path)),
    dirs,
  );
  const localDirs = new Map<string, string[]>();
  for (const [path, holders] of held) {
    // The models folder itself, the one local dir without a folder name, is not named (as in the model list).
    const folders = holders.flatMap((dir) => localFolderOf(modelsDir, dir) ?? []);
    if (folders.length > 0) localDirs.set(path, folders);
  }
  return { onDisk, localDirs, partialBytes };
}
