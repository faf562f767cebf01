/**
 * Preview of a download before it is queued: the plan's files and sizes, what is already present, free
 * space at the destination, and whether the repo needs a token (gated, or not found without one).
 *
 * Whether the download may run is download-refusal.ts's rule, the one POST /api/downloads applies: a refusal
 * for want of a token (or of access) is a preview with `needsToken` and the refusal's `message` (with nothing
 * listed when the Hub would not list the repo); any other refusal or failure is the error it is. A gated
 * repo lists its files to anyone, so whether the token may fetch them is asked of `/resolve/` with a planned
 * file (JobRunner.access), from the commit and gating the plan read: the revision info is asked once.
 */
import type { PreviewResponse } from '../api-types.js';
import { cacheRepoLayout } from '../cache/cache-layout.js';
import { toHubgetError } from '../errors.js';
import { getDiskStats } from '../system/disk-stats.js';
import { bytesToWrite } from '../transfer/plan-download.js';
import type { DownloadPlan, DownloadRequest } from '../transfer/types.js';
import { downloadRefusal } from './download-refusal.js';
import type { JobTarget } from './job-request.js';
import type { JobRunner } from './job-runner.js';

interface PreviewContext {
  runner: JobRunner;
  hubCacheDir: string;
  /** Whether a token is in effect. */
  hasToken: boolean;
}

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
    bytesToWrite: 0,
  };
  const rule = { endpoint: downloadRequest.hub.endpoint, hasToken: context.hasToken };
  let plan: DownloadPlan;
  try {
    plan = await context.runner.plan(downloadRequest);
  } catch (error) {
    const hubError = toHubgetError(error, 'HUB_HTTP_ERROR');
    const refusal = downloadRefusal(target, rule, hubError);
    if (!refusal?.needsToken) throw hubError;
    const disk = await getDiskStats(destination);
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
    getDiskStats(destination),
    context.runner.access?.(downloadRequest, { ...known, ...probe }).catch(() => undefined),
  ]);
  const refusal = access === undefined ? null : downloadRefusal(target, rule, access);
  return {
    ...empty,
    revision: plan.revision,
    commit: plan.commit,
    files: plan.files.map((file) => ({ path: file.path, size: file.size, present: file.present })),
    totalBytes: plan.totalBytes,
    presentBytes: plan.presentBytes,
    bytesToFetch: plan.bytesToFetch,
    copiedBytes: plan.copiedBytes,
    bytesToWrite: bytesToWrite(plan),
    freeBytes: disk.freeBytes,
    gated: access?.gated ?? false,
    needsToken: refusal !== null,
    destination,
    message: refusal?.error.message ?? null,
  };
}
