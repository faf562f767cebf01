/**
 * The CLI's download refuses a gated repo its token has no access to before it writes anything (no refs, no
 * lock folder, no temp file): the rule of the server's check (src/hub/download-access.ts, gated-access.ts), and
 * the Hub's GATED_REPO that `/resolve/` would have answered the first file, so the message is the one the CLI
 * prints for it at any point. Asked only for a repo the plan read as gated with a file to fetch: one HEAD
 * with a token, none without (the answer is known). A plan pinned to a commit did not read the revision info
 * (`gated` unknown): not asked, the first file's GET says it.
 */
import type { HubCallOptions } from '../hub/index.js';
import type { DownloadPlan } from '../transfer/index.js';

export function gatedCheck(
  hubCall: HubCallOptions,
): (plan: DownloadPlan, signal: AbortSignal) => Promise<void> {
  return async (plan, signal) => {
    if (plan.gated !== true) return;
    // Files present, or copied from the HF cache (local-dir mode), need no access.
    const toFetch = plan.files.find((file) => !file.present && file.cachedBlobPath === undefined);
    if (toFetch === undefined) return;
    const { getDownloadAccess } = await import('../hub/download-access.js');
    const { request } = plan;
    const access = await getDownloadAccess({
      ...hubCall,
      hub: request.hub,
      repo: request.repo,
      revisionInfo: { commit: plan.commit, gated: true },
      probePath: toFetch.path,
      signal,
    });
    if (access.refusal) throw access.refusal;
  };
}
