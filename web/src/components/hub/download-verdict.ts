/**
 * What the model page's Download says and whether it is on, for the chosen destination: the words beside it
 * (the selection and what of it is there, fetched or copied) and why it is off — no access to a gated repo, no
 * folder named or one the server refuses, everything there already, or one of the repo's downloads fetching the
 * selection into that place already. Into the HF cache the page's own data tell (download-selection.ts); into a
 * folder the download preview does (folder-selection.ts), since the installed copy may be elsewhere.
 */
import type { JobView, RepoPageResponse } from '../../../../src/api-types.js';
import { FOLDER_NAME_MISSING } from '../../state/destination-choice.js';
import { downloadFetching, fetchingReason } from '../../state/repo-downloads.js';
import { type DownloadSelection, onDiskReason, selectionSummary } from './download-selection.js';
import { folderOnDiskReason, folderSummary } from './folder-selection.js';
import type { RepoDestination } from './use-repo-destination.js';

export interface DownloadVerdict {
  /** Why Download is off (DownloadButton's `refusal`), null when it is on. */
  refusal: string | null;
  /** The refusal says everything is there already. */
  nothingToDo: boolean;
  /** The refusal names a download of the repo that fetches the selection already. */
  waiting: boolean;
  /** The words beside Download. */
  summary: string;
}

export function downloadVerdict(
  page: RepoPageResponse,
  selection: DownloadSelection,
  quant: string | null,
  shownJobs: readonly JobView[],
  where: Pick<RepoDestination, 'destination' | 'localDir' | 'preview' | 'error' | 'refused'>,
): DownloadVerdict {
  const toFolder = where.destination === 'local';
  const folder = where.localDir ?? '';
  const summary = toFolder
    ? folderSummary(selection, page.files.length, folder, where)
    : selectionSummary(selection, page.files.length, page.installed?.localFolder);
  // The Hub refuses this repo's files to the current token: a queued job could only fail.
  if (page.accessDenied) {
    return {
      refusal: 'Not downloadable: no access to this gated repository yet.',
      nothingToDo: false,
      waiting: false,
      summary,
    };
  }
  if (toFolder && where.localDir === null) {
    return { refusal: FOLDER_NAME_MISSING, nothingToDo: false, waiting: false, summary };
  }
  if (toFolder && where.refused) return { refusal: where.error, nothingToDo: false, waiting: false, summary };
  const onDisk = toFolder
    ? folderOnDiskReason(where.preview, quant, folder)
    : onDiskReason(selection, quant, page.installed?.location ?? null);
  if (onDisk !== null) return { refusal: onDisk, nothingToDo: true, waiting: false, summary };
  // A folder's jobs name it by its absolute path, which the preview says (`destination`).
  const place = toFolder ? where.preview?.destination : null;
  const fetching = place === undefined ? null : downloadFetching(shownJobs, page, selection.files, place);
  return {
    refusal: fetching ? fetchingReason(fetching, quant) : null,
    nothingToDo: false,
    waiting: fetching !== null,
    summary,
  };
}
