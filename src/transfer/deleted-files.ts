/**
 * A download's folder (or its temp files) deleted while it runs (`rm -rf …/hub/models--org--l`): the temp files
 * open for writing lose their last name but take bytes on, into nothing, and the run used to learn it only at the
 * commit (`IO_ERROR: ENOENT … rename`), having fetched the rest of the file, and to report every byte as on disk.
 * Here: a temp file's link count (one fstat of the open descriptor) is checked before each resume-map write and
 * after the last byte (transferFile), the run fails with DOWNLOAD_DELETED naming what is gone, and its last
 * reading counts only what is still on disk.
 */

import { stat } from 'node:fs/promises';
import { dirname, sep } from 'node:path';
import { errorCodeOf, HubgetError, isHubgetError } from '../errors.js';
import { shellWord } from '../format/shell-word.js';
import { DISK_CHECKS_IN_FLIGHT, mapBounded } from './map-bounded.js';
import { destinationFolderOf, tempFolderOf } from './plan-download.js';
import type { ProgressTracker } from './progress-tracker.js';
import type { TempHandle } from './temp-handle.js';
import type { DownloadPlan, PlannedFile } from './types.js';

/** Whether the file open in `handle` has no name left (deleted while open); false when fstat fails. */
export async function isUnlinked(handle: TempHandle): Promise<boolean> {
  try {
    return (await handle.stat()).nlink === 0;
  } catch {
    return false;
  }
}

/** The error of a transfer whose temp file was deleted under it (download-file.ts names the folder gone). */
export function tempDeletedError(path: string, tempPath: string): HubgetError {
  return new HubgetError(
    'DOWNLOAD_DELETED',
    `The temp file of ${shellWord(path)} was deleted while it downloaded`,
    {
      details: { tempPath },
    },
  );
}

/** `error` says `tempPath` was deleted (not another temp file, whose deletion stopped the run). */
export function isDeletionOf(error: unknown, tempPath: string): boolean {
  return isHubgetError(error, 'DOWNLOAD_DELETED') && error.details?.tempPath === tempPath;
}

async function isMissing(path: string): Promise<boolean> {
  try {
    await stat(path);
    return false;
  } catch (error) {
    return errorCodeOf(error) === 'ENOENT' || errorCodeOf(error) === 'ENOTDIR';
  }
}

/**
 * Whether `error`, thrown by the transfer or the commit of the file whose temp file is `tempPath`, means that temp
 * file was deleted: its own DOWNLOAD_DELETED (not another file's, which aborted this one), or a file-system call
 * that found no such file (the commit's rename) once the temp file is gone.
 */
export async function tempWasDeleted(error: HubgetError, tempPath: string): Promise<boolean> {
  if (error.code === 'DOWNLOAD_DELETED') return isDeletionOf(error, tempPath);
  return error.code === 'IO_ERROR' && errorCodeOf(error.cause) === 'ENOENT' && (await isMissing(tempPath));
}

/**
 * DOWNLOAD_DELETED in words: the download's folder when it is gone, else the highest folder of the temp file's
 * path inside it that is, else the temp file itself.
 */
export async function deletionError(
  plan: DownloadPlan,
  path: string,
  tempPath: string,
): Promise<HubgetError> {
  const root = destinationFolderOf(plan);
  const details = { tempPath };
  const rootGone = () =>
    new HubgetError('DOWNLOAD_DELETED', `The download's folder ${shellWord(root)} was deleted while it ran`, {
      details,
    });
  if (await isMissing(root)) return rootGone();
  let gone: string | undefined;
  for (let folder = dirname(tempPath); folder.startsWith(`${root}${sep}`); folder = dirname(folder)) {
    if (!(await isMissing(folder))) break;
    gone = folder;
  }
  if (gone === undefined) return tempDeletedError(path, tempPath);
  // A recursive delete (`rm -r`, a file manager) empties a folder before it removes it: a folder inside the
  // download's gone while the download's own still stands may be that delete under way (seen in a CI run).
  await new Promise((resolve) => setTimeout(resolve, DELETE_UNDER_WAY_MS));
  if (await isMissing(root)) return rootGone();
  return new HubgetError(
    'DOWNLOAD_DELETED',
    `The folder ${shellWord(gone)} of the download was deleted while it ran`,
    {
      details,
    },
  );
}

/** How long a deletion inside the download's folder is given to reach the folder itself before it is named. */
const DELETE_UNDER_WAY_MS = 250;

/**
 * After a run failed with DOWNLOAD_DELETED: the files the tracker counts as on disk that are not any more leave its
 * count, so its last reading (the job's `downloaded`, the CLI's "kept") is what is on disk. Finished files are
 * looked up (stat, a few dozen at once); kept partial ones go when the temp folder is gone. Only stat calls.
 * Returns the files it took off.
 */
export async function forgetDeletedFiles(tracker: ProgressTracker): Promise<PlannedFile[]> {
  const { plan } = tracker;
  const { finished, partial } = tracker.countedOnDisk();
  const rootGone = await isMissing(destinationFolderOf(plan));
  const tempsGone = rootGone || (await isMissing(tempFolderOf(plan)));
  const finishedGone = rootGone
    ? finished
    : (
        await mapBounded(finished, DISK_CHECKS_IN_FLIGHT, async (file) =>
          (await isMissing(file.finalPath)) ? file : undefined,
        )
      ).filter((file) => file !== undefined);
  const lost = [...finishedGone, ...(tempsGone ? partial : [])];
  tracker.lost(lost);
  return lost;
}
