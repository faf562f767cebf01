/**
 * A local dir's name in the model list (`local:<folder>` keys, InstalledModel.localFolder): its path relative
 * to the models dir, '/'-separated, so `team/x` and `x` stay two entries. Only a folder the local-dir scan can
 * find has one (scan-local-dirs.ts): inside the models dir, at most LOCAL_DIR_SCAN_DEPTH folders down, no
 * hidden or `models--…` folder on the way (managed-local-dir.ts localDirNameProblem).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { LOCAL_DIR_SCAN_DEPTH } from '../defaults.js';
import { localDirNameProblem } from './managed-local-dir.js';

/**
 * How the model page names the models folder itself when it is a local dir (`RepoPageFile.localDirs`): its path
 * relative to itself. The model list never shows that one (scanned-model.ts).
 */
export const MODELS_DIR_ITSELF = '.';

/** `path`'s folder relative to `modelsDir` ('/'-separated), or null when the local-dir scan never finds it. */
export function localFolderOf(modelsDir: string, path: string): string | null {
  const relativePath = relative(resolve(modelsDir), resolve(path));
  if (relativePath === '' || isAbsolute(relativePath)) return null;
  const names = relativePath.split(sep);
  if (names.length > LOCAL_DIR_SCAN_DEPTH) return null;
  if (names.some((name) => name === '..' || localDirNameProblem(name) !== null)) return null;
  return names.join('/');
}
