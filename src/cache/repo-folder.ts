/**
 * Repo folder names in the cache: `{type}s--{repo_id with "/" → "--"}`, case preserved
 * (docs/hub-disk-layout.md §3.2). `--` cannot occur in a Hub repo id, so the mapping is reversible.
 */
import type { RepoRef, RepoType } from '../hub/types.js';

const TYPE_PREFIX: Record<RepoType, string> = { model: 'models', dataset: 'datasets', space: 'spaces' };

export function repoFolderName(repo: RepoRef): string {
  return `${TYPE_PREFIX[repo.repoType]}--${repo.repoId.split('/').join('--')}`;
}

/** Inverse of repoFolderName, as the scanners do it (split on the first `--`); undefined if not a repo folder. */
export function parseRepoFolderName(name: string): RepoRef | undefined {
  const separator = name.indexOf('--');
  if (separator <= 0) return undefined;
  const prefix = name.slice(0, separator);
  const rest = name.slice(separator + 2);
  if (rest === '') return undefined;
  const repoType = (Object.keys(TYPE_PREFIX) as RepoType[]).find((type) => TYPE_PREFIX[type] === prefix);
  if (repoType === undefined) return undefined;
  return { repoType, repoId: rest.split('--').join('/') };
}
