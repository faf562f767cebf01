/**
 * Where a local-dir job writes: one folder directly under the models dir, named (`my-model`) or given as an
 * absolute path (`/…/models/my-model`). Anything that escapes (`..`, a symlink pointing out) is refused with
 * UNSAFE_PATH; a nested folder (`small/nested`, `small/.cache/huggingface`), a hidden one or a hub-cache repo
 * folder name with INVALID_ARGUMENT: the model list, its keys and Delete know only the folders the server
 * manages (src/cache/managed-local-dir.ts).
 */
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import {
  hasParentSegment,
  isManagedLocalDir,
  localDirNameProblem,
  realFolderInModelsDir,
  realpathOfExisting,
} from '../cache/index.js';
import { MAX_PATH_LENGTH } from '../defaults.js';
import { fieldError } from '../field-error.js';

export function resolveLocalDir(modelsDir: string, localDir: string): string {
  if (typeof localDir !== 'string' || localDir.trim() === '') {
    throw fieldError('localDir', 'must be a folder name or an absolute path');
  }
  if (localDir.length > MAX_PATH_LENGTH) {
    throw fieldError('localDir', `must be at most ${MAX_PATH_LENGTH} characters`);
  }
  if (localDir.includes('\0')) throw fieldError('localDir', 'contains a NUL byte', undefined, 'UNSAFE_PATH');
  const root = resolve(modelsDir);
  if (!isAbsolute(localDir) && hasParentSegment(localDir)) {
    throw fieldError('localDir', `"${localDir}" must not contain ".."`, undefined, 'UNSAFE_PATH');
  }
  const target = resolve(root, localDir);
  // The models folder's one containment rule: `..`, another absolute path, or a symlink out of it.
  const realTarget = realFolderInModelsDir(root, localDir);
  const realRoot = realpathOfExisting(root);
  if (dirname(target) !== root) {
    throw fieldError(
      'localDir',
      `"${localDir}" must be one folder directly under the models folder (a name such as "my-model"), not a nested one`,
    );
  }
  const problem = localDirNameProblem(basename(target));
  if (problem !== null) throw fieldError('localDir', `"${localDir}" is ${problem}`);
  if (!isManagedLocalDir(realRoot, realTarget)) {
    throw fieldError(
      'localDir',
      `"${localDir}" leads to a nested or hidden folder of the models folder, not one directly under it`,
    );
  }
  return target;
}
