/**
 * The test hub's file routes: /resolve/ (docs/hub-protocol.md §1.3), /api/resolve-cache/ and the signed CDN
 * URLs it redirects LFS files to.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeSegment, type HubContext, preflight, type RequestLogEntry, sendError } from './hub-context.js';
import {
  checkAccess,
  matchRepo,
  matchRevision,
  PREFIX_BY_TYPE,
  type RepoMatch,
  repoNotFound,
  revisionNotFound,
  TYPE_BY_PLURAL,
} from './repo-match.js';
import type { StoredFile, StoredRepo, TestRepoType } from './repo-store.js';
import { sendFileBody } from './send-body.js';

export async function handleResolve(
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

export async function handleResolveCache(
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
