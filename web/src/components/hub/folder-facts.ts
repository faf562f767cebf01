/**
 * What the model page has learnt of the chosen folder from its download previews (POST /api/downloads/preview,
 * asked with `otherFiles`): each file's `present` and `partialBytes` there, the selection's and the rest of the
 * listing's alike, and the folder's free disk. A new preview is asked at each change of the selection; what the
 * earlier answers said of the same folder still holds meanwhile (what a folder holds and its disk do not depend on
 * what is selected), so the Folder destination's tags and its disk verdicts show at once and the next answer
 * refines them (destination-holds.ts). Facts are of one folder and one load of the page: another folder's name,
 * or the page loaded again (a download ended), starts them afresh.
 */
import type { PreviewResponse, RepoPageResponse } from '../../../../src/api-types.js';

export interface FolderFacts {
  /** The page load and the folder (`localDir`) the previews were of. */
  page: RepoPageResponse;
  localDir: string;
  /** Path → what the latest preview that listed it said of it. */
  files: ReadonlyMap<string, { present: boolean; partialBytes: number }>;
  /** The latest preview's free disk at the folder. */
  freeBytes: number;
}

/**
 * `known` with `preview` (of `localDir`, for `page`) added: its files (the selection's and `otherFiles`) over the
 * earlier answers', its free disk.
 */
export function learnFromPreview(
  known: FolderFacts | null,
  page: RepoPageResponse,
  localDir: string,
  preview: PreviewResponse,
): FolderFacts {
  const files = new Map(factsOf(known, page, localDir)?.files ?? []);
  for (const file of [...preview.files, ...(preview.otherFiles ?? [])]) {
    files.set(file.path, { present: file.present, partialBytes: file.partialBytes });
  }
  return { page, localDir, files, freeBytes: preview.freeBytes };
}

/**
 * What was learnt of `localDir` on `page` (the previews' facts, the folder's disk: use-folder-disk.ts, whose `page`
 * is the download form's null), or null when nothing was learnt of them (yet): an answer about another folder or
 * an earlier page load is never shown for this one.
 */
export function factsOf<Load, Facts extends { page: Load; localDir: string }>(
  known: Facts | null,
  page: Load | null,
  localDir: string | null,
): Facts | null {
  return known !== null && known.page === page && known.localDir === localDir ? known : null;
}
