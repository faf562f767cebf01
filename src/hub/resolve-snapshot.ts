/** Revision → commit (revision info, §2.1), then the file listing at that commit (§2.2, §2.4). */
import { HubgetError } from '../errors.js';
import { type HubCallOptions, hubJson } from './hub-request.js';
import { listRepoFiles } from './list-files.js';
import { isFullCommit } from './repo-id.js';
import type { HubConfig, RepoRef, ResolvedSnapshot } from './types.js';
import { revisionInfoUrl } from './urls.js';

export interface RepoInfo {
  /** Full commit the revision points at. */
  commit: string;
  /** `false`, or the gating mode (`auto` / `manual`). */
  gated: false | string;
  private: boolean;
}

export interface RepoRevisionParams extends HubCallOptions {
  hub: HubConfig;
  repo: RepoRef;
  /** Branch, tag or commit. @default 'main' */
  revision?: string;
}

/** `GET /api/{type}s/{repo}/revision/{rev}` → commit, gated, private. */
export async function getRepoInfo(params: RepoRevisionParams): Promise<RepoInfo> {
  const { hub, repo, revision = 'main', ...options } = params;
  const url = revisionInfoUrl(hub.endpoint, repo, revision);
  const { data } = await hubJson<{ sha?: unknown; gated?: unknown; private?: unknown }>(hub, url, {
    ...options,
    context: { repo, revision },
  });
  if (typeof data?.sha !== 'string' || !isFullCommit(data.sha)) {
    throw new HubgetError(
      'HUB_HTTP_ERROR',
      `The Hub did not return a commit for ${repo.repoId}@${revision}`,
      {
        details: { url },
      },
    );
  }
  return {
    commit: data.sha,
    gated:
      typeof data.gated === 'string' && data.gated !== ''
        ? data.gated
        : data.gated === true
          ? 'manual'
          : false,
    private: data.private === true,
  };
}

/**
 * Pin `revision` to a commit, then list its files at that commit, so a branch moving during the
 * download cannot mix versions (§6.8). A full 40-hex commit skips the revision call (§2.4 step 1).
 */
export async function resolveSnapshot(params: RepoRevisionParams): Promise<ResolvedSnapshot> {
  const { hub, repo, revision = 'main', ...options } = params;
  const commit = isFullCommit(revision)
    ? revision
    : (await getRepoInfo({ ...options, hub, repo, revision })).commit;
  const files = await listRepoFiles({ ...options, hub, repo, commit });
  return { repo, revision, commit, files };
}
