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
import { HubgetError } from '../errors.js';

export function resolveLocalDir(modelsDir: string, localDir: string): string {
  if (typeof localDir !== 'string' || localDir.trim() === '') {
    throw new HubgetError('INVALID_ARGUMENT', 'localDir must be a folder name or an absolute path');
  }
  if (localDir.length > MAX_PATH_LENGTH) {
    throw new HubgetError('INVALID_ARGUMENT', `localDir must be at most ${MAX_PATH_LENGTH} characters`);
  }
  if (localDir.includes('\0')) throw new HubgetError('UNSAFE_PATH', 'localDir contains a NUL byte');
  const root = resolve(modelsDir);
  if (!isAbsolute(localDir) && hasParentSegment(localDir)) {
    throw new HubgetError('UNSAFE_PATH', `localDir "${localDir}" must not contain ".."`);
  }
  const target = resolve(root, localDir);
  // The models folder's one containment rule: `..`, another absolute path, or a symlink out of it.
  const realTarget = realFolderInModelsDir(root, localDir);
  const realRoot = realpathOfExisting(root);
  if (dirname(target) !== root) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `localDir "${localDir}" must be one folder directly under the models folder (a name such as "my-model"), not a nested one`,
    );
  }
  const problem = localDirNameProblem(basename(target));
  if (problem !== null) throw new HubgetError('INVALID_ARGUMENT', `localDir "${localDir}" is ${problem}`);
  if (!isManagedLocalDir(realRoot, realTarget)) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `localDir "${localDir}" leads to a nested or hidden folder of the models folder, not one directly under it`,
    );
  }
  return target;
}
