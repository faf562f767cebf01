/** Branches and tags of a repo: `GET /api/{type}s/{repo}/refs` (docs/hub-protocol.md §2). */
import { HubgetError } from '../errors.js';
import { type HubCallOptions, hubJson } from './hub-request.js';
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
  const url = `${apiRepoUrl(hub.endpoint, repo)}/refs`;
  const { data } = await hubJson<{ branches?: unknown; tags?: unknown }>(hub, url, {
    ...options,
    context: { repo },
  });
  if (typeof data !== 'object' || data === null) {
    throw new HubgetError('HUB_HTTP_ERROR', `The refs of ${repo.repoId} are not a JSON object`);
  }
  return { branches: toRefs(data.branches), tags: toRefs(data.tags) };
}
