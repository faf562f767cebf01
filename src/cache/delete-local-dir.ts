/**
 * Deleting a local-dir download (docs/hub-disk-layout.md §3.12): a folder with `.cache/huggingface/`
 * bookkeeping. Two callers, two ways of naming it:
 * - the server's Delete names a folder under the models dir in an HTTP request, so the name is hostile: it
 *   must resolve (symlinks included) strictly inside the models dir (`planLocalDirDeletion`, by the one rule
 *   `realFolderInModelsDir`);
 * - `hubget rm --local-dir DIR` names any folder on the user's own machine (`planDownloadFolderDeletion`).
 * Both refuse a folder that does not look like a download (no `.cache/huggingface/`, unless `force`), so a
 * typo cannot wipe a user's own folder, and one that holds the home folder or the hub cache: a home folder
 * has `~/.cache/huggingface/` (huggingface_hub's own folder), so it looks like a local dir. And in a
 * download folder only what the downloads wrote goes (local-dir-contents.ts): the files `hf download
 * --local-dir .` put beside a project's own are deleted, the project's files stay. Only a folder deleted
 * with `force` (it has no bookkeeping to tell them apart) goes whole.
 */
import { lstat, realpath, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { HubgetError } from '../errors.js';
import { copyBytes } from '../format/copy-bytes.js';
import { colonAfter } from '../format/path-punctuation.js';
import { shellWord } from '../format/shell-word.js';
import { sameSet } from './delete-cache.js';
import { type LocalDirContents, localDirContents, removeDownloadedContents } from './local-dir-contents.js';
import { localBookkeepingDir } from './local-dir-layout.js';
import { readLocalDirRecords } from './local-dir-records.js';
import { isInside, realFolderInModelsDir, realpathOfExisting } from './safe-path.js';
import { folderBytes } from './scan-cached-repo.js';
import { unfinishedInLocalDir } from './unfinished-downloads.js';

export interface LocalDirDeletionOptions {
  /** Delete a folder without `.cache/huggingface/` too. */
  force?: boolean;
  /** Folders the deletion must neither be nor contain, besides the home folder (the hub cache). */
  protectedPaths?: readonly string[];
}

export interface LocalDirDeletionPlan {
  /** Real path of the folder to delete (for the caller's "in use by a job" check). */
  path: string;
  /**
   * Bytes the deletion frees, by the rule `hubget ls` lists the folder by (src/format/copy-bytes.ts): the files the
   * downloads wrote, by their length, and what the temp files of its unfinished downloads hold (`partialBytes`); the
   * bookkeeping (`.metadata` records, locks) is not counted. A folder deleted whole (`force`): every file in it.
   */
  freedBytes: number;
  /** Of `freedBytes`, what the temp files of unfinished downloads hold. */
  partialBytes: number;
  /**
   * What the downloads wrote, and the user's files that stay (`others`, relative paths); undefined when the
   * whole folder goes (`force` on a folder without bookkeeping).
   */
  contents?: LocalDirContents;
}

function requireFolderName(folder: string): void {
  if (typeof folder !== 'string' || folder.trim() === '' || folder.includes('\0')) {
    throw new HubgetError('INVALID_ARGUMENT', 'A folder name is required');
  }
}

export async function planLocalDirDeletion(
  modelsDir: string,
  folder: string,
  options: LocalDirDeletionOptions = {},
): Promise<LocalDirDeletionPlan> {
  requireFolderName(folder);
  let root: string;
  try {
    root = await realpath(modelsDir);
  } catch (error) {
    throw new HubgetError('IO_ERROR', `Models dir ${shellWord(modelsDir)} is not readable`, { cause: error });
  }
  // The models folder's one containment rule (safe-path.ts), which the route's in-use check and the jobs use too.
  const real = realFolderInModelsDir(root, folder);
  if (!(await lstat(real).catch(() => null))) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `No folder ${shellWord(folder)} in the models dir ${shellWord(root)}`,
    );
  }
  return planFolder(folder, real, options);
}

/** A local-dir download named by a path of the user's own (`hubget rm --local-dir`); relative to the cwd. */
export async function planDownloadFolderDeletion(
  folder: string,
  options: LocalDirDeletionOptions = {},
): Promise<LocalDirDeletionPlan> {
  requireFolderName(folder);
  let real: string;
  try {
    real = await realpath(resolve(folder));
  } catch {
    throw new HubgetError('INVALID_ARGUMENT', `No folder ${shellWord(folder)}`);
  }
  return planFolder(folder, real, options);
}

/** The checks both callers share, on the folder's real path; then its size. */
async function planFolder(
  folder: string,
  real: string,
  options: LocalDirDeletionOptions,
): Promise<LocalDirDeletionPlan> {
  if (!(await lstat(real)).isDirectory()) {
    throw new HubgetError('INVALID_ARGUMENT', `${shellWord(folder)} is not a folder`);
  }
  const home = homedir();
  for (const kept of [home, ...(options.protectedPaths ?? [])]) {
    const keptPath = realpathOfExisting(resolve(kept));
    if (real === keptPath || isInside(real, keptPath)) {
      // `Refusing /home/ada — it is your home folder`, not `it holds /home/ada`.
      const what = kept === home ? `your home folder ${kept}` : kept;
      const relation = real === keptPath ? 'it is' : 'it holds';
      throw new HubgetError(
        'UNSAFE_PATH',
        colonAfter(`Refusing ${shellWord(folder)}`, `${relation} ${what}`, true),
      );
    }
  }
  const bookkeeping = await lstat(localBookkeepingDir(real)).catch(() => null);
  if (!bookkeeping?.isDirectory()) {
    if (options.force) return { path: real, freedBytes: await folderBytes(real), partialBytes: 0 };
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `${shellWord(folder)} does not look like a model download (no .cache/huggingface folder); not deleting it`,
    );
  }
  const [contents, records] = await Promise.all([localDirContents(real), readLocalDirRecords(real)]);
  const copy = {
    sizeOnDisk: contents.downloaded.reduce((sum, file) => sum + file.bytes, 0),
    unfinishedBytes: (await unfinishedInLocalDir(real, records)).bytes,
  };
  return { path: real, freedBytes: copyBytes(copy), partialBytes: copy.unfinishedBytes, contents };
}

/** Whether a plan made again just before deleting removes or keeps other files than the confirmed one. */
export function localDirPlanChanged(confirmed: LocalDirDeletionPlan, now: LocalDirDeletionPlan): boolean {
  if (confirmed.path !== now.path) return true;
  if (confirmed.contents === undefined || now.contents === undefined)
    return confirmed.contents !== now.contents;
  const downloaded = (plan: LocalDirContents) => plan.downloaded.map((file) => file.path);
  return (
    !sameSet(downloaded(confirmed.contents), downloaded(now.contents)) ||
    !sameSet(confirmed.contents.others, now.contents.others)
  );
}

/** Delete the folder of a plan made by `planLocalDirDeletion` or `planDownloadFolderDeletion`. */
export async function removeLocalDir(plan: LocalDirDeletionPlan): Promise<LocalDirDeletionPlan> {
  try {
    if (plan.contents) await removeDownloadedContents(plan.path, plan.contents);
    else await rm(plan.path, { recursive: true, force: true });
  } catch (error) {
    throw new HubgetError(
      'IO_ERROR',
      colonAfter(`Could not delete ${shellWord(plan.path)}`, (error as Error).message),
      {
        cause: error,
      },
    );
  }
  return plan;
}
