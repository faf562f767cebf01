/**
 * The last step of every download: nothing is reported done with holes, and a local dir says what it holds.
 * Each planned file must be at its final path with its planned size (`stat` follows the snapshot symlinks);
 * then a local dir gets `.cache/huggingface/hubget.json` ({repoId, repoType, revision, commit},
 * src/cache/scan-local-marker.ts), which the installed-models scan and the external watcher read — so a
 * folder filled by the CLI is listed by the server exactly like one filled by a job.
 */
import { stat } from 'node:fs/promises';
import { writeLocalDirMarker } from '../cache/scan-local-marker.js';
import { HubgetError } from '../errors.js';
import { DISK_CHECKS_IN_FLIGHT, mapBounded } from './map-bounded.js';
import type { DownloadPlan } from './types.js';

/**
 * Throws IO_ERROR for a missing file, SIZE_MISMATCH for a file of another size (the first such file in plan
 * order). The stats run a few dozen at once: one after the other they were a thread-pool round trip per
 * file between the last byte and `done`.
 */
export async function checkFilesOnDisk(plan: Pick<DownloadPlan, 'files'>): Promise<void> {
  const problems = await mapBounded(plan.files, DISK_CHECKS_IN_FLIGHT, async (file) => {
    let size: number;
    try {
      size = (await stat(file.finalPath)).size;
    } catch (error) {
      return new HubgetError('IO_ERROR', `${file.path} is missing after the download`, { cause: error });
    }
    return size === file.size
      ? undefined
      : new HubgetError('SIZE_MISMATCH', `${file.path} has ${size} bytes on disk, expected ${file.size}`);
  });
  const first = problems.find((problem) => problem !== undefined);
  if (first) throw first;
}

/** Size check on disk, then the local-dir marker. */
export async function finishDownload(plan: DownloadPlan): Promise<void> {
  await checkFilesOnDisk(plan);
  if (plan.destination.kind !== 'local') return;
  try {
    await writeLocalDirMarker(plan.destination.localDir, {
      repoId: plan.request.repo.repoId,
      repoType: plan.request.repo.repoType,
      revision: plan.revision,
      commit: plan.commit,
    });
  } catch (error) {
    throw new HubgetError('IO_ERROR', `Could not write the hubget marker into ${plan.destination.localDir}`, {
      cause: error,
    });
  }
}
