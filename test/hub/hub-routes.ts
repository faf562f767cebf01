/**
 * The Hub origin: revision info, tree, paths-info (hf-protocol.md §2) and /resolve/ (§1.3).
 */
import { createHash, createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HOSTILE_PATHS } from './faults.js';
import {
  authState,
  decodeSegment,
  type HubContext,
  preflight,
  type RequestLogEntry,
  sendError,
  sendJson,
} from './hub-context.js';
import {
  resolveRevision,
  type StoredCommit,
  type StoredFile,
  type StoredRepo,
  type TestRepoType,
} from './repo-store.js';
import { sendFileBody } from './send-body.js';

const TYPE_BY_PLURAL: Record<string, TestRepoType> = {
  models: 'model',
  datasets: 'dataset',
  spaces: 'space',
};
const PREFIX_BY_TYPE: Record<TestRepoType, string> = { model: '', dataset: 'datasets/', space: 'spaces/' };

interface RepoMatch {
  repo: StoredRepo | undefined;
  repoId: string;
  rest: string[];
}

/** `org/name/...` or `name/...`: prefer the two-segment id when such a repo exists. */
function matchRepo(ctx: HubContext, repoType: TestRepoType, segments: string[]): RepoMatch {
  const [first = '', second] = segments.map((s) => decodeSegment(s) ?? s);
  if (second !== undefined) {
    const twoSegments = `${first}/${second}`;
    const repo = ctx.store.get(repoType, twoSegments);
    if (repo) return { repo, repoId: twoSegments, rest: segments.slice(2) };
  }
  const one = ctx.store.get(repoType, first);
  if (one) return { repo: one, repoId: first, rest: segments.slice(1) };
  const keywords = new Set(['revision', 'tree', 'paths-info', 'resolve']);
  const twoSegmentId = second !== undefined && !keywords.has(second);
  return {
    repo: undefined,
    repoId: twoSegmentId ? `${first}/${second}` : first,
    rest: segments.slice(twoSegmentId ? 2 : 1),
  };
}

/**
 * Revision from the segments after a keyword: one percent-encoded segment (`refs%2Fpr%2F1`, what Python
 * sends) or raw segments (`refs/pr/1`, what JS sends in tree URLs) matching a known ref.
 */
function matchRevision(
  repo: StoredRepo,
  segments: string[],
): { commit?: StoredCommit; name: string; rest: string[] } {
  const first = decodeSegment(segments[0] ?? '') ?? '';
  const direct = resolveRevision(repo, first);
  if (direct) return { commit: direct, name: first, rest: segments.slice(1) };
  for (let n = 2; n <= Math.min(4, segments.length); n++) {
    const name = segments
      .slice(0, n)
      .map((s) => decodeSegment(s) ?? s)
      .join('/');
    const commit = repo.refs.has(name) ? resolveRevision(repo, name) : undefined;
    if (commit) return { commit, name, rest: segments.slice(n) };
  }
  return { name: first, rest: segments.slice(1) };
}

function repoNotFound(res: ServerResponse, status: number, repoId: string): void {
  sendError(
    res,
    status,
    'RepoNotFound',
    `Repository not found: ${repoId}. Make sure the id is correct and that you are authenticated.`,
  );
}

/** Access rules: private → valid token; gated downloads → valid token with access (§1.7). Sends the error. */
function checkAccess(
  ctx: HubContext,
  req: IncomingMessage,
  res: ServerResponse,
  repo: StoredRepo,
  download: boolean,
): boolean {
  const auth = authState(req, ctx);
  if (repo.private && auth !== 'valid') {
    repoNotFound(res, 401, repo.repoId);
    return false;
  }
  if (repo.gated && download) {
    if (auth !== 'valid') {
      sendError(
        res,
        401,
        'GatedRepo',
        `Access to model ${repo.repoId} is restricted. You must have access to it and be authenticated to access it.`,
      );
      return false;
    }
    if (!repo.gatedAccess) {
      sendError(
        res,
        403,
        'GatedRepo',
        `Access to model ${repo.repoId} is restricted and you are not in the authorized list.`,
      );
      return false;
    }
  }
  if (auth === 'invalid') {
    sendError(res, 401, undefined, 'Invalid credentials in Authorization header');
    return false;
  }
  return true;
}

function revisionNotFound(res: ServerResponse, name: string, repoId: string): void {
  sendError(res, 404, 'RevisionNotFound', `Invalid rev id: ${name} (repo ${repoId})`);
}

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
  if (segments[0] === 'api') {
    const repoType = TYPE_BY_PLURAL[segments[1] ?? ''];
    if (!repoType) return sendError(res, 404, undefined, 'Not Found');
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
    return sendJson(res, repoInfo(repo, revision.commit, url.searchParams.get('blobs') === 'true'));
  }
  if (action === 'tree') {
    const revision = matchRevision(repo, after);
    if (!revision.commit) return revisionNotFound(res, revision.name, repo.repoId);
    const dir = revision.rest.map((s) => decodeSegment(s) ?? s).join('/');
    return sendTree(ctx, res, url, repo, revision.commit, dir);
  }
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

function repoInfo(repo: StoredRepo, commit: StoredCommit, blobs: boolean) {
  const files = [...commit.files.values()].sort((a, b) => a.path.localeCompare(b.path));
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
    downloads: 0,
    likes: 0,
    tags: [],
    siblings: files.map((f) =>
      blobs
        ? {
            rfilename: f.path,
            size: f.size,
            blobId: f.oid,
            ...(f.lfs ? { lfs: { sha256: f.sha256, size: f.size, pointerSize: f.pointerSize } } : {}),
          }
        : { rfilename: f.path },
    ),
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
  const hostile = ctx.faults.current.hostileTree;
  if (hostile) {
    for (const path of hostile === true ? HOSTILE_PATHS : hostile) {
      const oid = createHash('sha1').update(`hostile:${path}`).digest('hex');
      entries.push({ type: 'file', oid, size: 6, path, ...lastCommit });
    }
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

async function handleResolve(
  ctx: HubContext,
  req: IncomingMessage,
  res: ServerResponse,
  entry: RequestLogEntry,
  match: RepoMatch,
  repoType: TestRepoType,
): Promise<void> {
  const { repo } = match;
  const revision = repo ? matchRevision(repo, match.rest.slice(1)) : undefined;
  const filePath = (revision?.rest ?? match.rest.slice(2)).map((s) => decodeSegment(s) ?? s).join('/');
  entry.file = filePath;
  if (await preflight(ctx, res, 'resolve', match.repoId, filePath)) return;
  if (!repo || !revision) return repoNotFound(res, 404, match.repoId);
  if (!checkAccess(ctx, req, res, repo, true)) return;
  if (!revision.commit) return revisionNotFound(res, revision.name, repo.repoId);
  const commit = revision.commit;
  const mirror = ctx.faults.current.mirrorMode === true;
  const commitHeader: Record<string, string> = mirror ? {} : { 'x-repo-commit': commit.sha };
  const file = commit.files.get(filePath);
  if (!file) {
    return sendError(
      res,
      404,
      'EntryNotFound',
      `${filePath} does not exist on "${commit.sha}"`,
      commitHeader,
    );
  }
  const headers: Record<string, string> = { ...commitHeader, 'accept-ranges': 'bytes' };
  if (file.lfs) {
    // §1.3(b): 302 to a signed CDN URL; the content's identity travels in X-Linked-*.
    const location = mintCdnUrl(ctx, repo, file);
    const body = `Found. Redirecting to ${location}`;
    Object.assign(headers, { location, etag: `"${file.oid}"`, 'content-type': 'text/plain; charset=utf-8' });
    if (!mirror) {
      Object.assign(headers, {
        'x-linked-etag': `"${file.sha256}"`,
        'x-linked-size': String(file.size),
        'content-length': String(Buffer.byteLength(body)),
      });
    }
    res.writeHead(302, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const [namespace] = repo.repoId.split('/');
  const direct =
    ctx.regularFiles === 'direct' ||
    (ctx.regularFiles === 'auto' &&
      (repo.private || repo.gated || namespace === repo.repoId || file.size === 0));
  if (!direct) {
    // §1.3(a): relative 307 to the commit-pinned resolve-cache URL.
    const encodedPath = file.path.split('/').map(encodeURIComponent).join('/');
    const location = `/api/resolve-cache/${repoType}s/${repo.repoId}/${commit.sha}/${encodedPath}?etag=%22${file.gitSha1}%22`;
    const body = `Temporary Redirect. Redirecting to ${location}`;
    headers.location = location;
    if (!mirror) headers['content-length'] = String(Buffer.byteLength(body));
    res.writeHead(307, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  await serveRegular(ctx, req, res, entry, repo, file, headers);
}

async function handleResolveCache(
  ctx: HubContext,
  req: IncomingMessage,
  res: ServerResponse,
  entry: RequestLogEntry,
  segments: string[],
): Promise<void> {
  const repoType = TYPE_BY_PLURAL[segments[0] ?? ''];
  if (!repoType) return sendError(res, 404, undefined, 'Not Found');
  const match = matchRepo(ctx, repoType, segments.slice(1));
  entry.repoId = match.repoId;
  const filePath = match.rest
    .slice(1)
    .map((s) => decodeSegment(s) ?? s)
    .join('/');
  entry.file = filePath;
  if (await preflight(ctx, res, 'resolve', match.repoId, filePath)) return;
  const { repo } = match;
  if (!repo) return repoNotFound(res, 404, match.repoId);
  if (!checkAccess(ctx, req, res, repo, true)) return;
  const commit = repo.commits.get(match.rest[0] ?? '');
  if (!commit) return revisionNotFound(res, match.rest[0] ?? '', repo.repoId);
  const file = commit.files.get(filePath);
  const mirror = ctx.faults.current.mirrorMode === true;
  const commitHeader: Record<string, string> = mirror ? {} : { 'x-repo-commit': commit.sha };
  if (!file)
    return sendError(
      res,
      404,
      'EntryNotFound',
      `${filePath} does not exist on "${commit.sha}"`,
      commitHeader,
    );
  await serveRegular(ctx, req, res, entry, repo, file, commitHeader);
}

function serveRegular(
  ctx: HubContext,
  req: IncomingMessage,
  res: ServerResponse,
  entry: RequestLogEntry,
  repo: StoredRepo,
  file: StoredFile,
  headers: Record<string, string>,
): Promise<void> {
  return sendFileBody(
    req,
    res,
    {
      repoId: repo.repoId,
      file: file.path,
      source: file.source,
      faults: ctx.faults,
      globalPacer: ctx.globalPacer(),
      onBytes: (n) => {
        entry.bytesSent += n;
      },
      signal: ctx.signal,
    },
    { ...headers, etag: `"${file.gitSha1}"`, 'content-type': 'application/octet-stream' },
  );
}

/** A signed-looking, expiring URL on the CDN origin (like the cas-bridge / cdn-lfs URLs, §1.3(b)). */
export function mintCdnUrl(ctx: HubContext, repo: StoredRepo, file: StoredFile): string {
  const ttlSeconds = ctx.faults.current.cdnUrlTtlSeconds ?? 3600;
  const expiresMs = Date.now() + Math.round(ttlSeconds * 1000);
  const query = new URLSearchParams({
    repo: `${repo.repoType}:${repo.repoId}`,
    path: file.path,
    'X-Amz-Expires': String(Math.round(ttlSeconds)),
    Expires: String(expiresMs),
    gen: String(ctx.cdnGeneration),
  });
  query.set('Signature', signCdn(ctx, file.sha256, query));
  return `${ctx.cdnOrigin}/xet-bridge-us/${PREFIX_BY_TYPE[repo.repoType]}${file.sha256}?${query}`;
}

export function signCdn(ctx: HubContext, sha256: string, query: URLSearchParams): string {
  const payload = [sha256, query.get('repo'), query.get('path'), query.get('Expires'), query.get('gen')].join(
    '\n',
  );
  return createHmac('sha256', ctx.signingSecret).update(payload).digest('hex');
}
