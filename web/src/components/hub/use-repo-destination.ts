/**
 * The model page's destination: the HF cache or a folder under the models dir (Settings' default until one is
 * picked: state/destination-choice.ts), the folder's name (prefilled: `suggestedFolder`, kept once edited, back
 * to the suggestion on another repo), and, for a folder, the download preview of the selection into it
 * (POST /api/downloads/preview): what the folder holds already, what is copied from the HF cache, what is
 * fetched, and the folder's free disk; for a GGUF repo it is asked with `otherFiles` and says what the folder holds
 * of the rest of the listing too, by which every quantization gets its disk verdict (destination-holds.ts; a repo
 * of 10 000 files without quantizations is not listed whole at each change of its selection). Asked again when the selection, the folder or the page's data change,
 * a moment after the last change (typing a name asks once); what the earlier answers said of the same folder is
 * kept meanwhile (`known`: folder-facts.ts). The folder's free disk is asked on its own when Folder is chosen and
 * whenever the folder's name (once typing pauses) or the page's data change (use-folder-disk.ts: a folder may be
 * a mount point, another disk than the models folder's), so it is the folder's own before any preview answers.
 */
import { useEffect, useMemo, useState } from 'react';
import type { PreviewResponse, RepoPageFile, RepoPageResponse } from '../../../../src/api-types.js';
import { isDownloadRefusal } from '../../../../src/download-refusals.js';
import { messageOf, UiError } from '../../api/errors.js';
import { type Destination, suggestedFolder, useDestinationChoice } from '../../state/destination-choice.js';
import { useLive } from '../../state/live-store.js';
import { askAfterTypingPause } from '../../state/typing-pause.js';
import { useFolderDisk } from '../use-folder-disk.js';
import { type FolderFacts, factsOf, learnFromPreview } from './folder-facts.js';
import { selectionRequest } from './selection-request.js';

export interface RepoDestination {
  destination: Destination;
  choose: (to: Destination) => void;
  /** The folder's name as shown (the suggestion until edited). */
  folder: string;
  setFolder: (name: string) => void;
  /** What the download's `localDir` is: the folder's name trimmed for a folder, null for the HF cache. */
  localDir: string | null;
  /** The preview of the selection into the folder; null while asked, for the HF cache, and when it failed. */
  preview: PreviewResponse | null;
  /**
   * What the previews into this folder said so far (each file's `present` and `partialBytes`, its free disk): known
   * while the next preview is asked; null for the HF cache and until the first answer.
   */
  known: FolderFacts | null;
  /**
   * The folder's free disk: the previews' once one answered (`known`), the folder's disk asked on its own until
   * then; null for the HF cache and until either answers. The Free disk figure and the quantization picker's
   * disk hints both read it (destination-holds.ts), so they agree from the first answer.
   */
  folderFreeBytes: number | null;
  /** The folder's disk is being asked and no preview into the folder said it yet: Free disk reads "checking…". */
  folderDiskChecking: boolean;
  /**
   * The paths the preview being asked will say what the folder holds of (the whole listing for a GGUF repo, asked
   * with `otherFiles`; else the selection's), empty while none is asked: destination-holds.ts's "checking disk…".
   */
  previewing: ReadonlySet<string>;
  /** Why the preview failed. */
  error: string | null;
  /** It failed as POST /api/downloads would (a 400, or a refusal of the Hub's): Download is off. */
  refused: boolean;
  /** No folder named, or the server refused its name (the answer's `field` is `localDir`): marked invalid. */
  folderRefused: boolean;
}

const NO_ANSWER = { preview: null, error: null, refused: false, folderRefused: false };

export function useRepoDestination(
  page: RepoPageResponse | null,
  files: readonly RepoPageFile[],
  quant: string | null,
): RepoDestination {
  const { api } = useLive();
  const { destination, choose } = useDestinationChoice();
  const [typed, setTyped] = useState<{ repoId: string; name: string } | null>(null);
  const [answer, setAnswer] = useState<{
    preview: PreviewResponse | null;
    error: string | null;
    refused: boolean;
    folderRefused: boolean;
  }>(NO_ANSWER);
  const [known, setKnown] = useState<FolderFacts | null>(null);
  const repoId = page?.repoId ?? '';
  const folder =
    typed !== null && typed.repoId === repoId
      ? typed.name
      : page
        ? suggestedFolder(repoId, page.installed)
        : '';
  const localDir = destination === 'local' ? folder.trim() : null;
  const toFolder = destination === 'local';
  // The preview's request, with the page load and the folder it is of (what its answer teaches: folder-facts.ts).
  const asked = useMemo(
    () =>
      page && localDir && files.length > 0
        ? { page, localDir, body: selectionRequest(page, files, quant, localDir) }
        : null,
    [page, files, quant, localDir],
  );

  useEffect(() => {
    setAnswer(NO_ANSWER);
    if (asked === null) return;
    return askAfterTypingPause(
      () => api.preview(asked.body, { otherFiles: asked.page.gguf !== null }),
      (preview) => {
        setAnswer({ ...NO_ANSWER, preview });
        setKnown((facts) => learnFromPreview(facts, asked.page, asked.localDir, preview));
      },
      (caught) => {
        const refused =
          caught instanceof UiError && (caught.status === 400 || isDownloadRefusal(caught.code));
        const folderRefused = caught instanceof UiError && caught.field === 'localDir';
        setAnswer({ preview: null, error: messageOf(caught), refused, folderRefused });
      },
    );
  }, [api, asked]);

  const folderDisk = useFolderDisk(localDir, page);
  const facts = factsOf(known, page, localDir);
  // Asked, or about to be (the pause after a change), and not answered yet.
  const previewing = asked !== null && answer.preview === null && answer.error === null;
  return {
    destination,
    choose,
    folder,
    setFolder: (name) => setTyped({ repoId, name }),
    localDir: localDir === '' ? null : localDir,
    known: facts,
    folderFreeBytes: toFolder ? (facts?.freeBytes ?? folderDisk.freeBytes) : null,
    folderDiskChecking: toFolder && facts === null && folderDisk.checking,
    previewing: new Set(previewing ? (page?.gguf ? page.files : files).map((file) => file.path) : []),
    ...answer,
    folderRefused: toFolder && (localDir === '' || answer.folderRefused),
  };
}
