/**
 * A local dir found in a sub-folder of the models dir (`models/team/x`, made by `hubget download --local-dir`
 * or huggingface_hub): the model list shows it, keyed by its path relative to the models dir, but the server
 * does not delete it: it did not create it, and it lies inside a folder tree of the user's. Shared by the
 * server (which refuses the delete) and the web UI (which offers none and says why). Pure: no node imports.
 */
import type { InstalledLocation } from './api-types.js';
import { shellWord } from './format/shell-word.js';

/** Whether a local dir's folder (its '/'-separated path relative to the models dir) lies in a sub-folder. */
export function isInSubFolder(localFolder: string): boolean {
  return localFolder.includes('/');
}

/** Whether an installed model is a local dir found in a sub-folder (the UI offers no Delete for it). */
export function isFoundInSubFolder(model: InstalledLocation): boolean {
  return model.location === 'local' && isInSubFolder(model.localFolder);
}

/** The command that deletes the local dir at `path` (absolute), quoted for a POSIX shell when it must be. */
export function subFolderDeleteCommand(path: string): string {
  return `hubget rm --local-dir ${shellWord(path)}`;
}

/** Why there is no Delete for such a folder, and what deletes it. */
export function subFolderDeleteHint(path: string): string {
  return `found in a sub-folder; delete it with \`${subFolderDeleteCommand(path)}\``;
}
