/**
 * The test hub's search (`GET /api/models`, `/api/datasets`: search, author, filter, sort, direction,
 * limit, cursor with `Link: rel="next"`) and refs (`GET /api/{type}s/{repo}/refs`), like the Hub's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pullRequestsJson } from '../../src/mirror/hub-json.js';
import { authState, type HubContext, sendError, sendJson } from './hub-context.js';
import { resolveRevision, type StoredRepo, type TestRepoType } from './repo-store.js';

const SORT_FIELDS = new Set(['downloads', 'likes', 'trendingScore', 'lastModified', 'createdAt', 'id']);
const MAX_LIMIT = 1000;

function lastModifiedOf(repo: StoredRepo): string {
  return resolveRevision(repo, 'main')?.date ?? new Date(0).toISOString();
}

function sortValue(repo: StoredRepo, field: string): number | string {
  if (field === 'downloads') return repo.meta.downloads;
  if (field === 'likes') return repo.meta.likes;
  if (field === 'trendingScore') return repo.meta.trendingScore;
  if (field === 'id') return repo.repoId;
  return lastModifiedOf(repo);
}

function searchItem(repo: StoredRepo) {
  const [author] = repo.repoId.split('/');
  return {
    _id: repo.repoId,
    id: repo.repoId,
    ...(repo.repoType === 'model' ? { modelId: repo.repoId } : {}),
    author,
    downloads: repo.meta.downloads,
    likes: repo.meta.likes,
    trendingScore: repo.meta.trendingScore,
    lastModified: lastModifiedOf(repo),
    gated: repo.gated ? 'manual' : false,
    private: repo.private,
    tags: repo.meta.tags,
    ...(repo.repoType === 'model' && repo.meta.pipelineTag ? { pipeline_tag: repo.meta.pipelineTag } : {}),
    ...(repo.repoType === 'model' && repo.meta.libraryName ? { library_name: repo.meta.libraryName } : {}),
  };
}

function matchesFilter(repo: StoredRepo, filter: string): boolean {
  const wanted = filter.toLowerCase();
  return [...repo.meta.tags, repo.meta.pipelineTag, repo.meta.libraryName].some(
    (tag) => tag?.toLowerCase() === wanted,
  );
}

export function handleSearch(
  ctx: HubContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  repoType: TestRepoType,
): void {
  const params = url.searchParams;
  const auth = authState(req, ctx);
  if (auth === 'invalid') {
    sendError(res, 401, undefined, 'Invalid credentials in Authorization header');
    return;
  }
  const sort = params.get('sort') ?? 'id';
  if (!SORT_FIELDS.has(sort)) {
    sendError(res, 400, undefined, `Invalid sort field: ${sort}`);
    return;
  }
  const limit = Math.min(MAX_LIMIT, Math.max(1, Number(params.get('limit') ?? '1000') || 1000));
  const search = params.get('search')?.toLowerCase();
  const author = params.get('author');
  const filters = params
    .getAll('filter')
    .flatMap((value) => value.split(','))
    .filter(Boolean);
  const direction = params.get('direction') === '-1' ? -1 : 1;
  const repos = [...ctx.store.repos.values()].filter(
    (repo) =>
      repo.repoType === repoType &&
      (!repo.private || auth === 'valid') &&
      (!search || repo.repoId.toLowerCase().includes(search)) &&
      (!author || repo.repoId.split('/')[0] === author) &&
      filters.every((filter) => matchesFilter(repo, filter)),
  );
  repos.sort((a, b) => {
    const x = sortValue(a, sort);
    const y = sortValue(b, sort);
    return (x < y ? -1 : x > y ? 1 : a.repoId.localeCompare(b.repoId)) * direction;
  });
  const cursor = params.get('cursor');
  const offset = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8')) || 0 : 0;
  const page = repos.slice(offset, offset + limit);
  const headers: Record<string, string> = {};
  if (offset + limit < repos.length) {
    const next = new URL(url.pathname + url.search, ctx.hubOrigin);
    next.searchParams.set('cursor', Buffer.from(String(offset + limit)).toString('base64url'));
    headers.link = `<${next.href}>; rel="next"`;
  }
  sendJson(res, page.map(searchItem), headers);
}

/**
 * Names like `v1.0` are listed as tags (the test store keeps one kind of ref), `refs/pr/<n>` as pull requests
 * when asked (`include_prs`, named by their number like the Hub's), other names as branches.
 */
export function repoRefs(repo: StoredRepo, includePullRequests = false) {
  const refs = [...repo.refs].filter(([name]) => !name.startsWith('refs/'));
  const isTag = (name: string) => /^v\d/.test(name);
  return {
    branches: refs
      .filter(([name]) => !isTag(name))
      .map(([name, commit]) => ({ name, ref: `refs/heads/${name}`, targetCommit: commit })),
    converts: [],
    tags: refs
      .filter(([name]) => isTag(name))
      .map(([name, commit]) => ({ name, ref: `refs/tags/${name}`, targetCommit: commit })),
    ...(includePullRequests ? { pullRequests: pullRequestsJson(repo.refs) } : {}),
  };
}
