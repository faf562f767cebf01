/** URL builders for the Hub (docs/hub-protocol.md §1.1, §2.1–2.3). */
import type { RepoRef, RepoType } from './types.js';

const PREFIX: Record<RepoType, string> = { model: '', dataset: 'datasets/', space: 'spaces/' };

/** `/{prefix}` of web and resolve URLs: empty for models, `datasets/`, `spaces/`. */
export function repoUrlPrefix(repoType: RepoType): string {
  return PREFIX[repoType];
}

/** Percent-encode with no safe characters, like Python's `quote(s, safe='')` (so `/` → `%2F`). */
export function encodeStrict(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Revision in a URL: fully encoded, `refs/pr/1` → `refs%2Fpr%2F1` (§1.1, docs/hub-downloaders.md §6.9). */
export function encodeRevision(revision: string): string {
  return encodeStrict(revision);
}

/** Repo path in a resolve URL: each segment encoded, `/` kept (§1.1). */
export function encodeRepoPath(path: string): string {
  return path.split('/').map(encodeStrict).join('/');
}

/** `{endpoint}/{prefix}{repoId}/resolve/{revision}/{path}` */
export function resolveUrl(endpoint: string, repo: RepoRef, revision: string, path: string): string {
  return `${endpoint}/${PREFIX[repo.repoType]}${repo.repoId}/resolve/${encodeRevision(revision)}/${encodeRepoPath(path)}`;
}

/** `{endpoint}/api/{type}s/{repoId}` */
export function apiRepoUrl(endpoint: string, repo: RepoRef): string {
  return `${endpoint}/api/${repo.repoType}s/${repo.repoId}`;
}

/** Revision info (§2.1): `…/api/{type}s/{repoId}/revision/{revision}`. */
export function revisionInfoUrl(endpoint: string, repo: RepoRef, revision: string): string {
  return `${apiRepoUrl(endpoint, repo)}/revision/${encodeRevision(revision)}`;
}

/** Tree listing (§2.2). */
export function treeUrl(
  endpoint: string,
  repo: RepoRef,
  revision: string,
  options: { path?: string; recursive?: boolean; expand?: boolean } = {},
): string {
  const path = options.path ? `/${encodeRepoPath(options.path)}` : '';
  const query = `recursive=${options.recursive ?? true}&expand=${options.expand ?? false}`;
  return `${apiRepoUrl(endpoint, repo)}/tree/${encodeRevision(revision)}${path}?${query}`;
}

/** paths-info (§2.3). */
export function pathsInfoUrl(endpoint: string, repo: RepoRef, revision: string): string {
  return `${apiRepoUrl(endpoint, repo)}/paths-info/${encodeRevision(revision)}`;
}

/** Whose token it is (src/hub/whoami.ts). */
export function whoAmIUrl(endpoint: string): string {
  return `${endpoint}/api/whoami-v2`;
}

/** The repo's page on the Hub (where users request access to gated repos). */
export function repoPageUrl(endpoint: string, repo: RepoRef): string {
  return `${endpoint}/${PREFIX[repo.repoType]}${repo.repoId}`;
}

/** A URL without its query (signed CDN URLs carry signatures that do not belong in messages or logs). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url.replace(/\?.*$/, '');
  }
}
