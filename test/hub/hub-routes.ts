/**
 * The Hub origin's API: revision info, tree, paths-info (docs/hub-protocol.md §2), search and refs
 * (search-routes.ts); files go through resolve-routes.ts.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HOSTILE_PATHS } from './faults.js';
import {
  decodeSegment,
  type HubContext,
  preflight,
  type RequestLogEntry,
  sendError,
  sendJson,
} from './hub-context.js';
import {
  checkAccess,
  matchRepo,
  matchRevision,
  repoNotFound,
  revisionNotFound,
  TYPE_BY_PLURAL,
} from './repo-match.js';
import { resolveRevision, type StoredCommit, type StoredRepo, type TestRepoType } from './repo-store.js';
import { handleResolve, handleResolveCache } from './resolve-routes.js';
import { handleSearch, repoRefs } from './search-routes.js';
import { handleWhoAmI } from './whoami-route.js';

export { mintCdnUrl, signCdn } from './resolve-routes.js';

export async function handleHubRequest(
  ctx: HubContext,
  req: IncomingMessage,
  res: ServerResponse,
  entry: RequestLogEntry,
): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.hubOrigin);
  const segments = url.pathname.split('/').slice(1);
  if (segments[0] === 'api' && segments[1] === 'resolve-cache') {
    return handleResolveCache(ctx, req, res, entry, segments.slice(2));
  }
  if (segments[0] === 'api' && segments[1] === 'whoami-v2' && segments.length === 2) {
    return handleWhoAmI(ctx, req, res);
  }
  if (segments[0] === 'api') {
    const repoType = TYPE_BY_PLURAL[segments[1] ?? ''];
    if (!repoType) return sendError(res, 404, undefined, 'Not Found');
    if (segments.slice(2).every((segment) => segment === '')) {
      if (await preflight(ctx, res, 'api', undefined, undefined)) return;
      return handleSearch(ctx, req, res, url, repoType);
    }
    return handleApi(ctx, req, res, entry, url, repoType, segments.slice(2));
  }
  let repoType: TestRepoType = 'model';
  let repoSegments = segments;
  if (segments[0] === 'datasets' || segments[0] === 'spaces') {
    repoType = segments[0] === 'datasets' ? 'dataset' : 'space';
    repoSegments = segments.slice(1);
  }
  const match = matchRepo(ctx, repoType, repoSegments);
  entry.repoId = match.repoId;
  if (match.rest[0] === 'resolve') return handleResolve(ctx, req, res, entry, match, repoType);
  if (await preflight(ctx, res, 'api', match.repoId, undefined)) return;
  sendError(res, 404, undefined, 'Not Found');
}

async function handleApi(
  ctx: HubContext,
  req: IncomingMessage,
  res: ServerResponse,
  entry: RequestLogEntry,
  url: URL,
  repoType: TestRepoType,
  segments: string[],
): Promise<void> {
  const match = matchRepo(ctx, repoType, segments);
  entry.repoId = match.repoId;
  if (await preflight(ctx, res, 'api', match.repoId, undefined)) return;
  const { repo } = match;
  if (!repo) return repoNotFound(res, 404, match.repoId);
  if (!checkAccess(ctx, req, res, repo, false)) return;
  const [action = '', ...after] = match.rest;
  if (action === '' || action === 'revision') {
    const revision =
      action === ''
        ? { commit: resolveRevision(repo, 'main'), name: 'main', rest: [] }
        : matchRevision(repo, after);
    if (!revision.commit) return revisionNotFound(res, revision.name, repo.repoId);
    return sendJson(res, repoInfo(ctx, repo, revision.commit, url.searchParams.get('blobs') === 'true'));
  }
  if (action === 'tree') {
    const revision = matchRevision(repo, after);
    if (!revision.commit) return revisionNotFound(res, revision.name, repo.repoId);
    const dir = revision.rest.map((s) => decodeSegment(s) ?? s).join('/');
    return sendTree(ctx, res, url, repo, revision.commit, dir);
  }
  if (action === 'refs' && after.length === 0)
    return sendJson(res, repoRefs(repo, url.searchParams.has('include_prs')));
  if (action === 'paths-info' && req.method === 'POST') {
    const revision = matchRevision(repo, after);
    if (!revision.commit) return revisionNotFound(res, revision.name, repo.repoId);
    const { paths, expand } = await readPathsInfoBody(req);
    const entries = treeEntries(ctx, revision.commit, expand);
    return sendJson(
      res,
      entries.filter((e) => paths.includes(e.path)),
    );
  }
  sendError(res, 404, undefined, 'Not Found');
}

/** The `hostileTree` fault's files, as the tree and the revision info's siblings both list them. */
function hostileFiles(ctx: HubContext): { path: string; oid: string; size: number }[] {
  const hostile = ctx.faults.current.hostileTree;
  if (!hostile) return [];
  return (hostile === true ? HOSTILE_PATHS : hostile).map((path) => ({
    path,
    oid: createHash('sha1').update(`hostile:${path}`).digest('hex'),
    size: 6,
  }));
}

function repoInfo(ctx: HubContext, repo: StoredRepo, commit: StoredCommit, blobs: boolean) {
  const files = [...commit.files.values()].sort((a, b) => a.path.localeCompare(b.path));
  const hostileSiblings = hostileFiles(ctx).map(({ path, oid, size }) =>
    blobs ? { rfilename: path, size, blobId: oid } : { rfilename: path },
  );
  const [author] = repo.repoId.split('/');
  return {
    _id: createHash('sha1').update(repo.repoId).digest('hex').slice(0, 24),
    id: repo.repoId,
    ...(repo.repoType === 'model' ? { modelId: repo.repoId } : {}),
    author,
    sha: commit.sha,
    lastModified: commit.date,
    createdAt: commit.date,
    private: repo.private,
    gated: repo.gated ? 'manual' : false,
    disabled: false,
    downloads: repo.meta.downloads,
    likes: repo.meta.likes,
    tags: repo.meta.tags,
    ...(repo.meta.pipelineTag ? { pipeline_tag: repo.meta.pipelineTag } : {}),
    ...(repo.meta.libraryName ? { library_name: repo.meta.libraryName } : {}),
    siblings: (ctx.faults.current.noSiblings ? [] : files)
      .map((f) =>
        blobs
          ? {
              rfilename: f.path,
              size: f.size,
              blobId: f.oid,
              ...(f.lfs ? { lfs: { sha256: f.sha256, size: f.size, pointerSize: f.pointerSize } } : {}),
            }
          : { rfilename: f.path },
      )
      .concat(hostileSiblings),
  };
}

interface TreeEntry {
  type: 'file' | 'directory';
  oid: string;
  size: number;
  path: string;
  lfs?: { oid: string; size: number; pointerSize: number };
  lastCommit?: { id: string; title: string; date: string };
}

function treeEntries(ctx: HubContext, commit: StoredCommit, expand: boolean): TreeEntry[] {
  const entries: TreeEntry[] = [];
  const directories = new Set<string>();
  const lastCommit = expand
    ? { lastCommit: { id: commit.sha, title: 'Test commit', date: commit.date } }
    : {};
  for (const file of commit.files.values()) {
    const parts = file.path.split('/');
    for (let i = 1; i < parts.length; i++) directories.add(parts.slice(0, i).join('/'));
    entries.push({
      type: 'file',
      oid: file.oid,
      size: file.size,
      path: file.path,
      ...(file.lfs ? { lfs: { oid: file.sha256, size: file.size, pointerSize: file.pointerSize } } : {}),
      ...lastCommit,
    });
  }
  for (const dir of directories) {
    const oid = createHash('sha1').update(`tree:${commit.sha}:${dir}`).digest('hex');
    entries.push({ type: 'directory', oid, size: 0, path: dir, ...lastCommit });
  }
  for (const { path, oid, size } of hostileFiles(ctx)) {
    entries.push({ type: 'file', oid, size, path, ...lastCommit });
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function sendTree(
  ctx: HubContext,
  res: ServerResponse,
  url: URL,
  repo: StoredRepo,
  commit: StoredCommit,
  dir: string,
) {
  const recursive = url.searchParams.get('recursive') === 'true';
  const expand = url.searchParams.get('expand') === 'true';
  const all = treeEntries(ctx, commit, expand);
  if (dir !== '' && !all.some((e) => e.type === 'directory' && e.path === dir)) {
    return sendError(
      res,
      404,
      'EntryNotFound',
      `${dir} does not exist on "${commit.sha}" (repo ${repo.repoId})`,
    );
  }
  const prefix = dir === '' ? '' : `${dir}/`;
  const listed = all.filter(
    (e) =>
      e.path.startsWith(prefix) &&
      (recursive || !e.path.slice(prefix.length).includes('/') || !isUnderCommit(commit, e.path)),
  );
  const cursor = Number(url.searchParams.get('cursor') ?? '0') || 0;
  const limit = Math.max(1, Number(url.searchParams.get('limit') ?? ctx.treePageSize) || ctx.treePageSize);
  const page = listed.slice(cursor, cursor + limit);
  const headers: Record<string, string> = {};
  if (cursor + limit < listed.length) {
    const next = new URL(url.pathname + url.search, ctx.hubOrigin);
    next.searchParams.set('cursor', String(cursor + limit));
    headers.link = `<${next.href}>; rel="next"`;
  }
  sendJson(res, page, headers);
}

/** Hostile injected paths are listed even in non-recursive listings (they are not real tree entries). */
function isUnderCommit(commit: StoredCommit, path: string): boolean {
  if (commit.files.has(path)) return true;
  for (const file of commit.files.keys()) if (file.startsWith(`${path}/`)) return true;
  return false;
}

async function readPathsInfoBody(req: IncomingMessage): Promise<{ paths: string[]; expand: boolean }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('json')) {
    try {
      const body = JSON.parse(text) as { paths?: unknown; expand?: unknown };
      const paths = Array.isArray(body.paths)
        ? body.paths.map(String)
        : typeof body.paths === 'string'
          ? [body.paths]
          : [];
      return { paths, expand: body.expand === true || body.expand === 'true' };
    } catch {
      return { paths: [], expand: false };
    }
  }
  const form = new URLSearchParams(text);
  return {
    paths: form.getAll('paths'),
    expand: form.get('expand') === 'true' || form.get('expand') === 'True',
  };
}
