/**
 * The Hub asked before a download is queued (POST /api/downloads): a repo or revision that is not there for
 * this token, or a gated repo the token has no access to, is refused at once with download-refusal.ts's
 * error (the preview's rule and message) instead of a job that can only fail. When the Hub cannot be asked
 * (unreachable, 5xx or 429 after the one retry, offline mode, no answer within HUB_CHECK_DEADLINE_MS), the
 * download is queued unchecked: a job rides out an outage, and the answer says the Hub was not checked.
 */
import { type ErrorCode, HubgetError, toHubgetError } from '../errors.js';
import type { DownloadAccess } from '../hub/download-access.js';
import type { DownloadRequest } from '../transfer/types.js';
import { downloadRefusal } from './download-refusal.js';
import type { JobTarget } from './job-request.js';
import type { JobRunner } from './job-runner.js';

/** The longest a request waits for the Hub's answer before its download is queued unchecked. */
export const HUB_CHECK_DEADLINE_MS = 5_000;

/** `checked`: the Hub said the download may run; else the code of why it could not be asked. */
export type HubCheck = { checked: true } | { checked: false; code: ErrorCode };

export async function checkWithHub(
  target: JobTarget,
  request: DownloadRequest,
  context: { runner: JobRunner; hasToken: boolean },
): Promise<HubCheck> {
  const { runner } = context;
  if (runner.access === undefined) return { checked: false, code: 'NOT_SUPPORTED' };
  let answer: DownloadAccess | HubgetError;
  try {
    answer = await runner.access(request, { signal: AbortSignal.timeout(HUB_CHECK_DEADLINE_MS) });
  } catch (error) {
    answer = toHubgetError(error, 'HUB_HTTP_ERROR');
  }
  const refusal = downloadRefusal(
    target,
    { endpoint: request.hub.endpoint, hasToken: context.hasToken },
    answer,
  );
  if (refusal) throw refusal.error;
  return answer instanceof HubgetError ? { checked: false, code: answer.code } : { checked: true };
}
