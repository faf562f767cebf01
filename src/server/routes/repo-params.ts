/**
 * A repo named in a route's path: `/…/:repoType/:org/:name`, or `/…/:repoType/:name` for a repo id without a
 * namespace (gpt2). One rule for the repo id both spell.
 */
import type { ApiRepoType } from '../../api-types.js';

export interface RepoPathParams {
  repoType: ApiRepoType;
  org?: string;
  name: string;
}

export function repoIdOf(params: Pick<RepoPathParams, 'org' | 'name'>): string {
  return params.org === undefined ? params.name : `${params.org}/${params.name}`;
}
