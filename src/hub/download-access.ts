/**
 * Whether the Hub lets a token download a repo at a revision, asked as cheaply as the Hub allows: the
 * revision info (§2.1) answers whether the repo and the revision exist for this token (404 RepoNotFound or
 * RevisionNotFound, or 401 RepoNotFound for a private repo without a token that can read it: thrown as those
 * errors) and whether it is gated; a gated repo lists its files to anyone, so with a token one HEAD of one of
 * its files asks `/resolve/` (gated-access.ts). One call, two for a gated repo with a token.
 */
import { gatedAccessDenied } from './gated-access.js';
import { getRepoInfo, type RepoRevisionParams } from './resolve-snapshot.js';

export interface DownloadAccess {
  /** Full commit the revision points at. */
  commit: string;
  gated: boolean;
  /** Gated, and `/resolve/` refuses this token (or no token): none of its files can be fetched now. */
  accessDenied: boolean;
}

export interface DownloadAccessParams extends RepoRevisionParams {
  /** The file the HEAD names (a file the download wants); else one the revision info lists. */
  probePath?: string;
}

export async function getDownloadAccess(params: DownloadAccessParams): Promise<DownloadAccess> {
  const { hub, repo, revision, probePath, ...options } = params;
  const info = await getRepoInfo({ ...options, hub, repo, ...(revision === undefined ? {} : { revision }) });
  const gated = info.gated !== false;
  const probe = probePath ?? info.someFile;
  const accessDenied = gated && (await gatedAccessDenied(hub, repo, info.commit, probe, options));
  return { commit: info.commit, gated, accessDenied };
}
