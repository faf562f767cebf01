/**
 * The CLI's download refuses a gated repo its token has no access to before it writes anything (no refs, no
 * lock folder, no temp file): the rule of the server's check (src/hub/download-access.ts, gated-access.ts), and
 * the Hub's GATED_REPO that `/resolve/` would have answered the first file, so the message is the one the CLI
 * prints for it at any point. Asked only for a plan with a file to fetch. A plan that read the revision info
 * (a branch or a tag) knows whether the repo is gated: for a gated one, one HEAD with a token, none without
 * (the answer is known). A plan pinned to a commit listed the tree only (`gated` unknown): the revision info
 * at that commit is asked first (one call; a HEAD more for a gated repo with a token).
 */
import { HUB_REFUSALS } from '../download-refusals.js';
import { isHubgetError } from '../errors.js';
import type { HubCallOptions } from '../hub/index.js';
import type { DownloadPlan } from '../transfer/index.js';

export function gatedCheck(
  hubCall: HubCallOptions,
): (plan: DownloadPlan, signal: AbortSignal) => Promise<void> {
  return async (plan, signal) => {
    if (plan.gated === false) return;
    // Files present, or copied from the HF cache (local-dir mode), need no access.
    const toFetch = plan.files.find((file) => !file.present && file.cachedBlobPath === undefined);
    if (toFetch === undefined) return;
    const { getDownloadAccess } = await import('../hub/download-access.js');
    const { request } = plan;
    const known = plan.gated === true;
    const access = await getDownloadAccess({
      ...hubCall,
      hub: request.hub,
      repo: request.repo,
      ...(known ? { revisionInfo: { commit: plan.commit, gated: true } } : { revision: plan.commit }),
      probePath: toFetch.path,
      signal,
    }).catch((error: unknown) => {
      // The Hub's answer about the repo (a rejected token, say) stops the run here; anything else (an outage)
      // is left to the transfer, which rides it out or says what it is.
      if (isHubgetError(error) && HUB_REFUSALS.has(error.code)) throw error;
      return undefined;
    });
    if (access?.refusal) throw access.refusal;
  };
}
