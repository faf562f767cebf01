/**
 * Which local dirs the server manages (creates, deletes by folder name): one folder directly under the models
 * dir, not hidden (`.cache` is a local dir's own bookkeeping, and the local-dir scan never enters a hidden
 * folder) and not named like a hub-cache repo folder (`models--org--name`, which the scan skips too). A download
 * nested deeper, inside another local dir, would go with it; so jobs refuse such a folder (src/jobs/local-dir.ts).
 * Folders other programs made deeper (`models/team/name`) are listed by the model list under their relative path
 * (local-dir-folder.ts) but not deleted by the server (src/sub-folder-local-dir.ts); `hubget rm --local-dir` does.
 */
import { basename, dirname, resolve } from 'node:path';

const HUB_CACHE_REPO_FOLDER = /^(models|datasets|spaces)--/;

/** Why `name` cannot be a local dir's folder name, or null. The local-dir scan skips the same names. */
export function localDirNameProblem(name: string): string | null {
  if (name.startsWith('.')) {
    return 'a hidden folder (".cache" holds a local dir\'s bookkeeping), which the model list never shows';
  }
  if (HUB_CACHE_REPO_FOLDER.test(name)) return 'named like a hub-cache repo folder ("models--…")';
  return null;
}

/** Whether `path` (absolute) is a folder the server manages as a local dir under `modelsDir`. */
export function isManagedLocalDir(modelsDir: string, path: string): boolean {
  const folder = resolve(path);
  return dirname(folder) === resolve(modelsDir) && localDirNameProblem(basename(folder)) === null;
}
