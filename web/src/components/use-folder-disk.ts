/**
 * The free disk of the folder a download's `localDir` names (GET /api/system/disk/folder: a folder below the models
 * folder may be a mount point, another disk), for the model page's Folder destination (use-repo-destination.ts)
 * and the Models page's download form alike. Asked once the folder's name has stopped changing for
 * TYPING_PAUSE_MS (typing a name asks once, not once per key), and again when `page` changes (the model page
 * loaded again: a download ended). An answer is shown only for the folder and page it is of (folder-facts.ts's
 * rule); while the folder's own is asked the figure reads "checking…", and "…" for a name the server refuses (the
 * preview or Download says why), never another folder's figure.
 */
import { useEffect, useState } from 'react';
import { formatBytes } from '../format/units.js';
import { useLive } from '../state/live-store.js';
import { askAfterTypingPause } from '../state/typing-pause.js';
import { factsOf } from './hub/folder-facts.js';

export interface FolderDisk {
  /** The folder's free disk; null while asked, for no folder and for a name the server refuses. */
  freeBytes: number | null;
  /** The folder's disk is being asked (its name typed, the answer not in yet). */
  checking: boolean;
}

/** What the page says of a folder's free disk: its figure, "checking…" while asked, "…" when there is none. */
export function folderDiskWords(freeBytes: number | null, checking: boolean): string {
  return freeBytes !== null ? formatBytes(freeBytes) : checking ? 'checking…' : '…';
}

/**
 * `localDir`: the folder's name as typed (trimmed), null or empty for none. `page`: what else the answer is of (the
 * model page's load), null for the download form.
 */
export function useFolderDisk<Load extends object>(localDir: string | null, page: Load | null): FolderDisk {
  const { api } = useLive();
  // The latest answer, with the page and the folder it is of; freeBytes null: refused.
  type Answer = { page: Load | null; localDir: string; freeBytes: number | null };
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    if (!localDir) return;
    return askAfterTypingPause(
      () => api.folderDisk(localDir),
      ({ freeBytes }) => setAnswer({ page, localDir, freeBytes }),
      () => setAnswer({ page, localDir, freeBytes: null }),
    );
  }, [api, page, localDir]);

  if (!localDir) return { freeBytes: null, checking: false };
  const known = factsOf<Load | null, Answer>(answer, page, localDir);
  return { freeBytes: known?.freeBytes ?? null, checking: known === null };
}
