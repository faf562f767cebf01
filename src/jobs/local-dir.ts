/**
 * Where a local-dir job writes: a relative name resolves under the models dir; an absolute path must be
 * inside it. Anything that escapes (`..`, a symlink pointing out) is refused with UNSAFE_PATH.
 */
import { isAbsolute, resolve } from 'node:path';
import { hasParentSegment, isInside, realpathOfExisting } from '../cache/index.js';
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
  if (!isInside(root, target)) {
    throw new HubgetError('UNSAFE_PATH', `localDir "${localDir}" is outside the models folder ${root}`);
  }
  // A symlink inside the models dir could still lead elsewhere.
  if (!isInside(realpathOfExisting(root), realpathOfExisting(target))) {
    throw new HubgetError('UNSAFE_PATH', `localDir "${localDir}" leads outside the models folder ${root}`);
  }
  return target;
}
