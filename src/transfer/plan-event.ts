/**
 * The `plan` event of a run: what the plan holds, and of the files not on disk, which this run fetches or
 * copies and which it waits for (another download claimed them: download-claims.ts). Fetch, copy and resume
 * counts are this run's own; the files another download is fetching are counted apart (`filesWaiting`,
 * `waitingBytes`), so a waiting run does not say it fetches them.
 */
import { type CopyPlace, distinctPlaces } from '../format/copy-places.js';
import type { TransferEvent } from '../progress/events.js';
import type { DownloadPlan, PlannedFile } from './types.js';

export type PlanEvent = Extract<TransferEvent, { type: 'plan' }>;

/** The places `files`' copies come from (PlannedFile.copiedFrom), each once, in the order of the files. */
export function copiedFromOf(files: readonly PlannedFile[]): CopyPlace[] {
  return distinctPlaces(
    files.map((file) => (file.cachedBlobPath === undefined ? undefined : file.copiedFrom)),
  );
}

const sizeOf = (files: readonly PlannedFile[]): number => files.reduce((sum, file) => sum + file.size, 0);

export function planEvent(
  repoId: string,
  plan: DownloadPlan,
  /** The missing files this run claimed: it fetches (or copies) them. */
  claimed: readonly PlannedFile[],
  /** The missing files another run claimed: this one waits for them. */
  waiting: readonly PlannedFile[],
  /** The runs fetching `waiting` (`file-waiting`'s owners), each once. */
  waitingFor: readonly { pid: number; hostname: string }[] = [],
): PlanEvent {
  const copied = claimed.filter((file) => file.cachedBlobPath !== undefined);
  const fetched = claimed.filter((file) => file.cachedBlobPath === undefined);
  const resumedBytes = claimed.reduce((sum, file) => sum + file.partialBytes, 0);
  const present = plan.files.filter((file) => file.present);
  return {
    type: 'plan',
    repoId,
    commit: plan.commit,
    ...(plan.request.quant !== undefined && { quant: plan.request.quant }),
    totalBytes: plan.totalBytes,
    presentBytes: plan.presentBytes,
    resumedBytes,
    bytesToFetch: Math.max(0, sizeOf(fetched) - resumedBytes),
    copiedBytes: sizeOf(copied),
    ...(copied.some((file) => file.linkable) && {
      linkedBytes: sizeOf(copied.filter((file) => file.linkable)),
    }),
    filesCopied: copied.length,
    ...(copied.length > 0 && { copiedFrom: copiedFromOf(copied) }),
    filesWaiting: waiting.length,
    waitingBytes: sizeOf(waiting),
    ...(waitingFor.length > 0 && { waitingFor: [...waitingFor] }),
    filesTotal: plan.files.length,
    filesPresent: present.length,
    files: plan.files.map((file) => ({
      path: file.path,
      size: file.size,
      present: file.present,
      ...(copied.includes(file) && file.copiedFrom !== undefined && { copiedFrom: file.copiedFrom }),
    })),
    ...(plan.hubUnavailable !== undefined && { hubUnavailable: plan.hubUnavailable }),
    ...((plan.unfinishedOnDisk ?? 0) > 0 && { unfinishedOnDisk: plan.unfinishedOnDisk }),
  };
}
