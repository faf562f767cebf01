/**
 * Deleting a local-dir download (docs/hub-protocol.md §3.12) from the models dir. The folder name comes from an
 * HTTP request, so it is treated as hostile: it must resolve (symlinks included) strictly inside the
 * models dir, and must look like a download (have `.cache/huggingface/`) unless `force` is set — so a
 * typo cannot wipe a user's own folder.
 */
import { lstat, realpath, rm } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { HubgetError } from '../errors.js';
import { localBookkeepingDir } from './local-dir-layout.js';
import { isInside } from './safe-path.js';
import { folderBytes } from './scan-cached-repo.js';

export interface LocalDirDeletionPlan {
  /** Real path of the folder to delete (for the caller's "in use by a job" check). */
  path: string;
  freedBytes: number;
}

export async function planLocalDirDeletion(
  modelsDir: string,
  folder: string,
  options: { force?: boolean } = {},
): Promise<LocalDirDeletionPlan> {
  if (typeof folder !== 'string' || folder.trim() === '' || folder.includes('\0')) {
    throw new HubgetError('INVALID_ARGUMENT', 'A folder name is required');
  }
  let root: string;
  try {
    root = await realpath(modelsDir);
  } catch (error) {
    throw new HubgetError('IO_ERROR', `Models dir ${modelsDir} is not readable`, { cause: error });
  }
  const requested = isAbsolute(folder) ? resolve(folder) : resolve(root, folder);
  let real: string;
  try {
    real = await realpath(requested);
  } catch {
    // Lexical check first so a hostile name is reported as such even when it does not exist.
    if (!isInside(root, requested)) {
      throw new HubgetError('UNSAFE_PATH', `Refusing ${folder}: outside the models dir ${root}`);
    }
    throw new HubgetError('INVALID_ARGUMENT', `No folder ${folder} in the models dir ${root}`);
  }
  if (!isInside(root, real)) {
    throw new HubgetError('UNSAFE_PATH', `Refusing ${folder}: it resolves outside the models dir ${root}`);
  }
  if (!(await lstat(real)).isDirectory()) {
    throw new HubgetError('INVALID_ARGUMENT', `${folder} is not a folder`);
  }
  if (!options.force) {
    const bookkeeping = await lstat(localBookkeepingDir(real)).catch(() => null);
    if (!bookkeeping?.isDirectory()) {
      throw new HubgetError(
        'INVALID_ARGUMENT',
        `${folder} does not look like a model download (no .cache/huggingface folder); not deleting it`,
      );
    }
  }
  return { path: real, freedBytes: await folderBytes(real) };
}

/** Delete a local-dir download folder under `modelsDir` (checks as in `planLocalDirDeletion`). */
export async function deleteLocalDir(
  modelsDir: string,
  folder: string,
  options: { force?: boolean } = {},
): Promise<LocalDirDeletionPlan> {
  const plan = await planLocalDirDeletion(modelsDir, folder, options);
  try {
    await rm(plan.path, { recursive: true, force: true });
  } catch (error) {
    throw new HubgetError('IO_ERROR', `Could not delete ${plan.path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return plan;
}
