/**
 * Whether this token (or none) may fetch a gated repo's files. The metadata and the listing of a gated repo
 * stay public; only `/resolve/` refuses (docs/hub-protocol.md §1.7): 401 without a token, 403 with a token
 * whose account has no access. So one HEAD of one file tells; without a token the answer is known.
 */
import { isHubgetError } from '../errors.js';
import { type HubCallOptions, hubRequest } from './hub-request.js';
import type { HubConfig, RepoRef } from './types.js';
import { resolveUrl } from './urls.js';

/**
 * True when `/resolve/` refuses `path` at `commit` as gated (GATED_REPO). Any other failure (network, a
 * missing file) is not a refusal: false, the download will say what it is. Without a token: true, unasked.
 * With no file to name (`path` null: the repo has none), a token is taken to give access: there is nothing to
 * fetch (download-access.ts lists the tree for a file when the revision info names none).
 * The one rule of the model page (repo-details.ts) and of the download check (download-access.ts).
 */
export async function gatedAccessDenied(
  hub: HubConfig,
  repo: RepoRef,
  commit: string,
  path: string | null,
  options: HubCallOptions = {},
): Promise<boolean> {
  if (!hub.token) return true;
  if (path === null) return false;
  try {
    await hubRequest(hub, resolveUrl(hub.endpoint, repo, commit, path), {
      ...options,
      method: 'HEAD',
      context: { repo, revision: commit, path },
    });
    return false;
  } catch (error) {
    return isHubgetError(error, 'GATED_REPO');
  }
}
