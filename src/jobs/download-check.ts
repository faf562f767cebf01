/**
 * The Hub asked before a download is queued (POST /api/downloads): a repo or revision that is not there for
 * this token, or a gated repo the token has no access to, is refused at once with download-refusal.ts's
 * error (the preview's rule and message) instead of a job that can only fail; so are patterns that leave no
 * file of the revision, with the plan's ENTRY_NOT_FOUND (noFileLeft, the CLI's message). Only paths are
 * matched, nothing is planned (no disk check): the files the revision info names, and the tree (a page per
 * 1 000 files) only when they are not all and none is kept (download-access.ts); an unsafe path among those
 * read that the download takes is refused with the plan's UNSAFE_PATH (unsafePathRefusal). When the Hub cannot be asked
 * (unreachable, 5xx or 429 after the one retry, offline mode, no answer within HUB_CHECK_DEADLINE_MS), the
 * download is queued unchecked: a job rides out an outage, and the answer says the Hub was not checked.
 *
 * The same answers give the size of what the download takes when they list every file with its size (the
 * revision info asked with blobs: a repo of up to 1 000 files; the tree when it was listed for the patterns):
 * the queued job carries it, so the queue shows the size the preview showed instead of "size known at start".
 * No listing is made for it: a bigger repo without patterns learns its size when it starts.
 */
import { type ErrorCode, HubgetError, toHubgetError } from '../errors.js';
import type { DownloadAccess, DownloadSize } from '../hub/download-access.js';
import { pathFilter } from '../hub/patterns.js';
import { noFileLeft, unsafePathRefusal } from '../transfer/plan-download.js';
import type { DownloadRequest } from '../transfer/types.js';
import { downloadRefusal } from './download-refusal.js';
import type { JobTarget } from './job-request.js';
import type { JobRunner } from './job-runner.js';

/** The longest a request waits for the Hub's answer before its download is queued unchecked. */
export const HUB_CHECK_DEADLINE_MS = 5_000;

/**
 * `checked`: the Hub said the download may run, and `size` what it takes when the answers told it; else the
 * code of why it could not be asked.
 */
export type HubCheck = { checked: true; size?: DownloadSize } | { checked: false; code: ErrorCode };

export async function checkWithHub(
  target: JobTarget,
  request: DownloadRequest,
  context: { runner: JobRunner; hasToken: boolean },
): Promise<HubCheck> {
  const { runner } = context;
  if (runner.access === undefined) return { checked: false, code: 'NOT_SUPPORTED' };
  const patterns = target.include.length > 0 || target.exclude.length > 0;
  const keep = patterns ? { keep: pathFilter(target.include, target.exclude) } : {};
  let answer: DownloadAccess | HubgetError;
  try {
    answer = await runner.access(request, {
      signal: AbortSignal.timeout(HUB_CHECK_DEADLINE_MS),
      withSize: true,
      ...keep,
    });
  } catch (error) {
    answer = toHubgetError(error, 'HUB_HTTP_ERROR');
  }
  // The preview's order: the plan (whose patterns leave no file) fails before access is asked.
  if (!(answer instanceof HubgetError) && answer.kept?.any === false) {
    const nothingLeft = noFileLeft(request, { selected: answer.kept.files, left: 0 }, answer.commit);
    if (nothingLeft) throw nothingLeft;
  }
  // The plan refuses a listing with an unsafe path among the files it takes: so does this, with the paths it
  // read anyway (the siblings, the tree when listed), asking nothing more.
  if (!(answer instanceof HubgetError)) {
    const taken = keep.keep ? answer.paths.filter(keep.keep) : answer.paths;
    const unsafe = unsafePathRefusal(target.repoId, taken);
    if (unsafe) throw unsafe;
  }
  const refusal = downloadRefusal(
    target,
    { endpoint: request.hub.endpoint, hasToken: context.hasToken },
    answer,
  );
  if (refusal) throw refusal.error;
  if (answer instanceof HubgetError) return { checked: false, code: answer.code };
  return { checked: true, ...(answer.size && { size: answer.size }) };
}
