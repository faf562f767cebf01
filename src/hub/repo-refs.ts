/**
 * Branches, tags and pull requests of a repo: `GET /api/{type}s/{repo}/refs?include_prs=1` (docs/hub-protocol.md
 * §2.6). A pull request's revision is its full ref, `refs/pr/<n>`.
 */
import { HubgetError } from '../errors.js';
import { type HubCallOptions, hubJson } from './hub-request.js';
import { pullRequestNumber } from './pull-request-ref.js';
import type { HubConfig, RepoRef } from './types.js';
import { apiRepoUrl } from './urls.js';

export interface GitRef {
  /** Short name, e.g. `main`, `v1.0`. */
  name: string;
  /** Full name, e.g. `refs/heads/main`. */
  ref: string;
  commit: string;
}

export interface RepoRefs {
  branches: GitRef[];
  tags: GitRef[];
  /** Newest first (highest number), at most PULL_REQUESTS_MAX; `name` is the full ref, e.g. `refs/pr/7`. */
  pullRequests: GitRef[];
}

/** Pull requests listed (the newest): a popular repo has hundreds, a revision picker needs the recent ones. */
export const PULL_REQUESTS_MAX = 100;

/** The Hub names a pull request by its number (`7`); its revision is the full ref (`refs/pr/7`). */
function toPullRequests(value: unknown): GitRef[] {
  return toRefs(value)
    .flatMap((pr) => {
      const number = pullRequestNumber(pr.ref);
      return number === undefined ? [] : [{ pr: { ...pr, name: pr.ref }, number }];
    })
    .sort((a, b) => b.number - a.number)
    .slice(0, PULL_REQUESTS_MAX)
    .map(({ pr }) => pr);
}

function toRefs(value: unknown): GitRef[] {
  if (!Array.isArray(value)) return [];
  const refs: GitRef[] = [];
  for (const entry of value as Array<Record<string, unknown> | null>) {
    if (typeof entry?.name === 'string' && typeof entry.targetCommit === 'string') {
      refs.push({
        name: entry.name,
        ref: typeof entry.ref === 'string' ? entry.ref : entry.name,
        commit: entry.targetCommit,
      });
    }
  }
  return refs;
}

export interface ListRepoRefsParams extends HubCallOptions {
  hub: HubConfig;
  repo: RepoRef;
}

export async function listRepoRefs(params: ListRepoRefsParams): Promise<RepoRefs> {
  const { hub, repo, ...options } = params;
  const url = `${apiRepoUrl(hub.endpoint, repo)}/refs?include_prs=1`;
  const { data } = await hubJson<{ branches?: unknown; tags?: unknown; pullRequests?: unknown }>(hub, url, {
    ...options,
    context: { repo },
  });
  if (typeof data !== 'object' || data === null) {
    throw new HubgetError('HUB_HTTP_ERROR', `The refs of ${repo.repoId} are not a JSON object`);
  }
  return repoRefsOf(data);
}

/** The refs answer's branches, tags and pull requests (entries that are not refs are left out). */
export function repoRefsOf(data: { branches?: unknown; tags?: unknown; pullRequests?: unknown }): RepoRefs {
  return {
    branches: toRefs(data.branches),
    tags: toRefs(data.tags),
    pullRequests: toPullRequests(data.pullRequests),
  };
}
