/**
 * Whether this token (or none) may fetch a gated repo's files. The metadata and the listing of a gated repo
 * stay public; only `/resolve/` refuses (docs/hub-protocol.md §1.7): 401 without a token, 403 with a token
 * whose account has no access. So one HEAD of one file tells; without a token the answer is known.
 */
import { type HubgetError, isHubgetError } from '../errors.js';
import { hubErrorFromResponse } from './hub-errors.js';
import { type HubCallOptions, hubRequest } from './hub-request.js';
import type { HubConfig, RepoRef } from './types.js';
import { repoPageUrl, resolveUrl } from './urls.js';

/**
 * The GATED_REPO with which `/resolve/` refuses `path` at `commit`, or null when it serves it. Any other
 * failure (network, a missing file) is not a refusal: null, the download will say what it is. Without a
 * token: the Hub's refusal of a request without one (the same error, with the same message), unasked.
 * With no file to name (`path` null: the repo has none), a token is taken to give access: there is nothing to
 * fetch (download-access.ts lists the tree for a file when the revision info names none).
 * The one rule of the model page (repo-details.ts), the download check (download-access.ts) and the CLI's
 * download, which refuses with this error before it writes anything (src/cli/download-command.ts).
 */
export async function gatedRefusal(
  hub: HubConfig,
  repo: RepoRef,
  commit: string,
  path: string | null,
  options: HubCallOptions = {},
): Promise<HubgetError | null> {
  const url = path === null ? repoPageUrl(hub.endpoint, repo) : resolveUrl(hub.endpoint, repo, commit, path);
  if (!hub.token) {
    return hubErrorFromResponse(
      { status: 401, headers: { 'x-error-code': 'GatedRepo' } },
      {
        url,
        method: 'HEAD',
        endpoint: hub.endpoint,
        repo,
        revision: commit,
        ...(path !== null && { path }),
        tokenSent: false,
      },
    );
  }
  if (path === null) return null;
  try {
    await hubRequest(hub, url, { ...options, method: 'HEAD', context: { repo, revision: commit, path } });
    return null;
  } catch (error) {
    return isHubgetError(error, 'GATED_REPO') ? error : null;
  }
}
