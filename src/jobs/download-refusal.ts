/**
 * The one rule for "can this repo at this revision be downloaded with the token in effect", from what the Hub
 * answered: the preview shows the refusal (and the web UI turns Download off), POST /api/downloads answers
 * with it instead of queueing a job that can only fail (download-check.ts).
 *
 * Without a token the Hub answers a missing repo exactly as a private or gated one (401: docs/hub-protocol.md
 * §1.7), so the refusal says all three; with a token, a missing repo is the REPO_NOT_FOUND it is. A gated repo
 * lists its files to anyone; whether the token may fetch them is `accessDenied` (src/hub/download-access.ts),
 * and the refusal says which case it is: no token, a token the Hub did not accept, or a token without access
 * (src/hub/gated-denial.ts, the rule the CLI's message follows).
 * An error that is not the Hub's answer about this repo (an outage, a rate limit, offline mode, an endpoint
 * that does not speak the Hub's protocol) refuses nothing: the job rides out an outage, and reports the rest.
 */
import { HUB_REFUSALS } from '../download-refusals.js';
import { HubgetError } from '../errors.js';
import type { DownloadAccess } from '../hub/download-access.js';
import { type GatedDenial, gatedDenialOf } from '../hub/gated-denial.js';
import { repoPageUrl } from '../hub/urls.js';
import type { JobTarget } from './job-request.js';

export interface DownloadRefusal {
  /** The error to answer: its code gives the HTTP status (src/server/error-status.ts). */
  error: HubgetError;
  /**
   * A token, or access for the token set, is what is missing: the preview answers it as a preview that needs
   * a token (`needsToken`, `message`) rather than as an error.
   */
  needsToken: boolean;
}

/**
 * Why the Hub will not serve this download, or null when it will or did not say. `answer`: the access the
 * Hub granted, or the error it gave instead.
 */
export function downloadRefusal(
  target: Pick<JobTarget, 'repoId' | 'repoType'>,
  context: { endpoint: string; hasToken: boolean },
  answer: DownloadAccess | HubgetError,
): DownloadRefusal | null {
  if (!(answer instanceof HubgetError)) {
    // accessDenied is only ever set for a gated repo (download-access.ts).
    return answer.accessDenied ? gatedRefusal(target, context, answer.refusal) : null;
  }
  if (!HUB_REFUSALS.has(answer.code)) return null;
  if (answer.code === 'GATED_REPO') return gatedRefusal(target, context, answer);
  if (answer.code === 'REPO_NOT_FOUND' && !context.hasToken) {
    const message =
      `${target.repoId} was not found on ${context.endpoint} or is private or gated: check the id, and ` +
      'if you have access, set a Hugging Face token in Settings';
    return { error: new HubgetError('REPO_NOT_FOUND', message, { cause: answer }), needsToken: true };
  }
  return { error: answer, needsToken: false };
}

/**
 * A gated repo's refusal, worded by its case (src/hub/gated-denial.ts: the CLI's rule): the Hub's answer
 * says it (`cause`), else whether a token is set does (no token, or one without access).
 */
function gatedRefusal(
  target: Pick<JobTarget, 'repoId' | 'repoType'>,
  context: { endpoint: string; hasToken: boolean },
  cause?: HubgetError,
): DownloadRefusal {
  const page = repoPageUrl(context.endpoint, target);
  const denial = (cause && gatedDenialOf(cause)) ?? (context.hasToken ? 'no-access' : 'no-token');
  const message = GATED_MESSAGES[denial](target.repoId, page);
  return { error: new HubgetError('GATED_REPO', message, { cause }), needsToken: true };
}

/** The server's words for each case: what to do, and that the token is set in Settings. */
const GATED_MESSAGES: Record<GatedDenial, (repoId: string, page: string) => string> = {
  'no-token': (repoId, page) =>
    `${repoId} is gated: request access at ${page} and then set a Hugging Face token in Settings`,
  'token-rejected': (repoId, page) =>
    `${repoId} is gated and the Hub did not accept the token: set a valid Hugging Face token in Settings, ` +
    `of an account that has access (request it at ${page})`,
  'no-access': (repoId, page) =>
    `${repoId} is gated and the token has no access to it yet: request access at ${page}`,
};
