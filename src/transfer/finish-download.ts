/**
 * The last step of every download: nothing is reported done with holes, and a local dir says what it holds.
 * Each planned file must be at its final path with its planned size (`stat` follows the snapshot symlinks);
 * then a local dir gets `.cache/huggingface/hubget.json` ({repoId, repoType, revision, commit},
 * src/cache/scan-local-marker.ts), which the installed-models scan and the external watcher read — so a
 * folder filled by the CLI is listed by the server exactly like one filled by a job. The same marker, marked
 * `unfinished`, is written before the first byte (markLocalDirStarted), so a stopped download is named too.
 */

import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type LocalDirMarker, readLocalDirMarker, writeLocalDirMarker } from '../cache/scan-local-marker.js';
import { errorCodeOf, HubgetError, isNotWritable } from '../errors.js';
import { shellWord } from '../format/shell-word.js';
import { metadataCall } from '../system/sync-fs-switch.js';
import { DISK_CHECKS_IN_FLIGHT, mapBounded } from './map-bounded.js';
import type { DownloadPlan } from './types.js';

/**
 * Throws IO_ERROR for a missing file, SIZE_MISMATCH for a file of another size (the first such file in plan
 * order). Synchronous while the disk answers fast (src/system/sync-fs-switch.ts); on the thread pool the stats
 * run a few dozen at once: one after the other they were a thread-pool round trip per file between the last
 * byte and `done`.
 */
export async function checkFilesOnDisk(plan: Pick<DownloadPlan, 'files'>): Promise<void> {
  const problems = await mapBounded(plan.files, DISK_CHECKS_IN_FLIGHT, async (file) => {
    let size: number;
    try {
      size = (
        await metadataCall(
          () => statSync(file.finalPath),
          () => stat(file.finalPath),
        )
      ).size;
    } catch (error) {
      return new HubgetError('IO_ERROR', `${shellWord(file.path)} is missing after the download`, {
        cause: error,
      });
    }
    return size === file.size
      ? undefined
      : new HubgetError(
          'SIZE_MISMATCH',
          `${shellWord(file.path)} has ${size} bytes on disk, expected ${file.size}`,
        );
  });
  const first = problems.find((problem) => problem !== undefined);
  if (first) throw first;
}

/** The marker of a local-dir download: which repo, revision and commit it fetches into the folder. */
function markerOf(plan: DownloadPlan): LocalDirMarker {
  return {
    repoId: plan.request.repo.repoId,
    repoType: plan.request.repo.repoType,
    revision: plan.revision,
    commit: plan.commit,
  };
}

/**
 * Before the first byte of a local-dir download into a folder without a marker: the marker with
 * `unfinished: true`. Without it a download stopped before its end (Ctrl-C, a kill, a paused or failed job)
 * left the folder nameless, and `hubget ls` and the server listed it by its folder name. A folder with a
 * marker (a resume, more files, a newer commit, or another repo's download before) keeps it until the end:
 * it names what the folder holds now. A folder that refuses writes is left as it is: the files' own writes
 * say what is wrong.
 */
export async function markLocalDirStarted(plan: DownloadPlan): Promise<void> {
  if (plan.destination.kind !== 'local') return;
  const { localDir } = plan.destination;
  if (await readLocalDirMarker(localDir)) return;
  await writeMarker(localDir, { ...markerOf(plan), unfinished: true });
}

/**
 * Size check on disk, then the local-dir marker without `unfinished`: written unless the folder already has
 * this very marker (a folder that was complete already is not written to at all). A folder the user may read
 * but not write (`EACCES`, `EPERM`, `EROFS`: someone else's, or a read-only mount) holding every file already
 * is a complete download, not a failure: the marker only helps the server name the folder's repo, which it
 * can also read from the files' metadata (scan-local-dirs.ts). Any other failure to write it is an IO_ERROR.
 */
export async function finishDownload(plan: DownloadPlan): Promise<void> {
  await checkFilesOnDisk(plan);
  if (plan.destination.kind !== 'local') return;
  const { localDir } = plan.destination;
  const marker = markerOf(plan);
  if (sameMarker(await readLocalDirMarker(localDir), marker)) return;
  await writeMarker(localDir, marker);
}

async function writeMarker(localDir: string, marker: LocalDirMarker): Promise<void> {
  try {
    await writeLocalDirMarker(localDir, marker);
  } catch (error) {
    if (isNotWritable(error)) return;
    const code = errorCodeOf(error);
    throw new HubgetError(
      'IO_ERROR',
      `Could not write the hubget marker into ${shellWord(localDir)}${code ? ` (${code})` : ''}`,
      { cause: error },
    );
  }
}

function sameMarker(found: LocalDirMarker | null, wanted: LocalDirMarker): boolean {
  return (
    found !== null &&
    found.repoId === wanted.repoId &&
    found.repoType === wanted.repoType &&
    found.revision === wanted.revision &&
    found.commit === wanted.commit &&
    found.unfinished === wanted.unfinished
  );
}
