/**
 * Preview of a download before it is queued: the plan's files and sizes, what is already present, free
 * space at the destination, whether the repo needs a token (gated, or not found without one), and a `message`
 * saying why the download cannot run: the refusal's, else that its bytes to write do not fit in the free space
 * (the engine's preflight would fail it DISK_FULL; POST /api/downloads queues it all the same, docs/api.md).
 *
 * Whether the download may run is download-refusal.ts's rule, the one POST /api/downloads applies: a refusal
 * for want of a token (or of access) is a preview with `needsToken` and the refusal's `message` (with nothing
 * listed when the Hub would not list the repo); any other refusal or failure is the error it is. A gated
 * repo lists its files to anyone, so whether the token may fetch them is asked of `/resolve/` with a planned
 * file (JobRunner.access), from the commit and gating the plan read: the revision info is asked once.
 */
import type { DiskStats, PreviewFile, PreviewResponse } from '../api-types.js';
import { cacheRepoLayout } from '../cache/cache-layout.js';
import { toHubgetError } from '../errors.js';
import { fitsOnDisk, notEnoughSpaceMessage } from '../format/disk-fit.js';
import { getDiskStats, usableFreeBytes } from '../system/disk-stats.js';
import { bytesToWrite } from '../transfer/plan-download.js';
import { copiedFromOf } from '../transfer/plan-event.js';
import type { DownloadPlan, DownloadRequest, PlannedFile } from '../transfer/types.js';
import { downloadRefusal } from './download-refusal.js';
import type { JobTarget } from './job-request.js';
import type { JobRunner } from './job-runner.js';

interface PreviewContext {
  runner: JobRunner;
  hubCacheDir: string;
  /** Whether a token is in effect. */
  hasToken: boolean;
  /** Free space at the destination. @default getDiskStats */
  diskStats?: (path: string) => Promise<DiskStats>;
  /** Also what the destination holds of the listing's other files (PreviewResponse.otherFiles). */
  otherFiles?: boolean;
}

/** What a preview says of a planned file. */
const previewFile = (file: PlannedFile): PreviewFile => ({
  path: file.path,
  size: file.size,
  present: file.present,
  partialBytes: file.partialBytes,
});

export async function previewJob(
  target: JobTarget,
  downloadRequest: DownloadRequest,
  context: PreviewContext,
): Promise<PreviewResponse> {
  const { repoId, repoType, revision } = target;
  // The folder the download writes to (absolute): free space is measured there, not in the working directory.
  const destination = target.localDir ?? cacheRepoLayout(context.hubCacheDir, target).repoDir;
  const empty = {
    repoId,
    repoType,
    revision,
    commit: '',
    files: [],
    totalBytes: 0,
    presentBytes: 0,
    bytesToFetch: 0,
    copiedBytes: 0,
    copiedFrom: [],
    bytesToWrite: 0,
  };
  const rule = { endpoint: downloadRequest.hub.endpoint, hasToken: context.hasToken };
  const diskStats = context.diskStats ?? getDiskStats;
  let plan: DownloadPlan;
  try {
    plan = await context.runner.plan(downloadRequest, { otherFiles: context.otherFiles === true });
  } catch (error) {
    const hubError = toHubgetError(error, 'HUB_HTTP_ERROR');
    const refusal = downloadRefusal(target, rule, hubError);
    if (!refusal?.needsToken) throw hubError;
    const disk = await diskStats(destination);
    const gated = refusal.error.code === 'GATED_REPO';
    return {
      ...empty,
      freeBytes: disk.freeBytes,
      gated,
      needsToken: true,
      destination,
      message: refusal.error.message,
    };
  }
  // The plan read the revision info (a branch or tag: `gated` known): access asks only the gated HEAD.
  const known = plan.gated === undefined ? {} : { revisionInfo: { commit: plan.commit, gated: plan.gated } };
  const probe = plan.files[0] ? { probePath: plan.files[0].path } : {};
  const [disk, access] = await Promise.all([
    diskStats(destination),
    context.runner.access?.(downloadRequest, { ...known, ...probe }).catch(() => undefined),
  ]);
  const refusal = access === undefined ? null : downloadRefusal(target, rule, access);
  const toWrite = bytesToWrite(plan);
  // Why it cannot run: no access, else no room (the engine's preflight would refuse it: disk-fit.ts).
  const noRoom = fitsOnDisk(toWrite, usableFreeBytes(disk))
    ? null
    : notEnoughSpaceMessage(toWrite, disk.freeBytes, destination);
  return {
    ...empty,
    revision: plan.revision,
    commit: plan.commit,
    files: plan.files.map(previewFile),
    ...(context.otherFiles && { otherFiles: (plan.otherFiles ?? []).map(previewFile) }),
    totalBytes: plan.totalBytes,
    presentBytes: plan.presentBytes,
    bytesToFetch: plan.bytesToFetch,
    copiedBytes: plan.copiedBytes,
    copiedFrom: copiedFromOf(plan.files),
    ...(plan.linkedBytes > 0 && { linkedBytes: plan.linkedBytes }),
    bytesToWrite: toWrite,
    freeBytes: disk.freeBytes,
    gated: access?.gated ?? false,
    needsToken: refusal !== null,
    destination,
    message: refusal?.error.message ?? noRoom,
  };
}
