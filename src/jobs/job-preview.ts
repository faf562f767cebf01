/**
 * Preview of a download before it is queued: the plan's files and sizes, what is already present, free
 * space at the destination, and whether the repo needs a token (gated, or not found without one).
 *
 * Without a token the Hub answers a missing repo exactly as a private or gated one (401: docs/hub-protocol.md
 * §1.7), so that answer is a preview with nothing listed, `needsToken` and a `message` that says all three;
 * with a token, a missing repo is the 404 REPO_NOT_FOUND it is. A gated repo lists its files to anyone, so
 * whether the token may fetch them is asked of `/resolve/` (JobRunner.accessDenied).
 */
import type { PreviewResponse } from '../api-types.js';
import { cacheRepoLayout } from '../cache/cache-layout.js';
import { toHubgetError } from '../errors.js';
import { repoPageUrl } from '../hub/urls.js';
import { getDiskStats } from '../system/disk-stats.js';
import { bytesToWrite } from '../transfer/plan-download.js';
import type { DownloadPlan, DownloadRequest } from '../transfer/types.js';
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
  let plan: DownloadPlan;
  try {
    plan = await context.runner.plan(downloadRequest);
  } catch (error) {
    const hubError = toHubgetError(error, 'HUB_HTTP_ERROR');
    const gated = hubError.code === 'GATED_REPO';
    const needsToken = gated || (hubError.code === 'REPO_NOT_FOUND' && !context.hasToken);
    if (!needsToken) throw hubError;
    const disk = await getDiskStats(destination);
    const endpoint = downloadRequest.hub.endpoint;
    const message = gated
      ? gatedMessage(target, endpoint, context.hasToken)
      : `${repoId} was not found on ${endpoint}, or it is private or gated: check the id, and if you ` +
        'have access, set a Hugging Face token in Settings';
    return { ...empty, freeBytes: disk.freeBytes, gated, needsToken, destination, message };
  }
  const [disk, gated] = await Promise.all([
    getDiskStats(destination),
    context.runner.isGated?.(downloadRequest).catch(() => false) ?? Promise.resolve(false),
  ]);
  // Gated: without a token the Hub refuses its files; with one, only if the token's account has no access.
  const needsToken =
    gated &&
    (!context.hasToken ||
      ((await context.runner.accessDenied?.(downloadRequest, plan).catch(() => false)) ?? false));
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
    gated,
    needsToken,
    destination,
    message: needsToken ? gatedMessage(target, downloadRequest.hub.endpoint, context.hasToken) : null,
  };
}

function gatedMessage(target: JobTarget, endpoint: string, hasToken: boolean): string {
  const page = repoPageUrl(endpoint, target);
  return hasToken
    ? `${target.repoId} is gated and the token has no access to it yet: request access at ${page}`
    : `${target.repoId} is gated: request access at ${page}, then set a Hugging Face token in Settings`;
}
