/**
 * Where a download from the web UI goes: the HF cache or a folder under the models dir (a job's `localDir`).
 * The choice starts at Settings → Default destination (`Settings.defaultDestination`, which reaches the UI with
 * GET /api/settings and the `settings` event) and follows it until the user picks one; the download form and the
 * model page share this rule. A folder's name is prefilled on the model page (`suggestedFolder`).
 */
import { useState } from 'react';
import type { InstalledLocation } from '../../../src/api-types.js';
import { isFoundInSubFolder } from '../../../src/sub-folder-local-dir.js';
import { useLive } from './live-store.js';

export type Destination = 'cache' | 'local';

/** What Download says when Folder is chosen and no folder is named. */
export const FOLDER_NAME_MISSING = 'Enter a folder name (under the models folder) or an absolute path.';

/** The chosen destination (Settings' default until one is picked), and how to pick one. */
export function useDestinationChoice(): { destination: Destination; choose: (to: Destination) => void } {
  const { state } = useLive();
  const [chosen, setChosen] = useState<Destination | null>(null);
  return { destination: chosen ?? state.settings?.defaultDestination ?? 'cache', choose: setChosen };
}

/**
 * The folder a repo's download into a folder is offered: the folder its installed copy is in (a download there
 * completes it, a quantization goes beside the others), else the repo's name (`tiny-GGUF` for
 * `TheBloke/tiny-GGUF`), a folder directly under the models dir. Not a copy found in a sub-folder: the server
 * writes only into folders directly under the models dir (src/jobs/local-dir.ts).
 */
export function suggestedFolder(repoId: string, installed: InstalledLocation | null): string {
  if (installed?.location === 'local' && !isFoundInSubFolder(installed)) return installed.localFolder;
  return repoId.split('/').pop() ?? repoId;
}
