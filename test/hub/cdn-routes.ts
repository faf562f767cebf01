/** The CDN origin: serves LFS blobs by sha256 behind signed, expiring URLs (docs/hub-protocol.md §1.3(b)). */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type HubContext, preflight, type RequestLogEntry } from './hub-context.js';
import { signCdn } from './resolve-routes.js';
import { sendFileBody } from './send-body.js';

function s3Error(res: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

export async function handleCdnRequest(
  ctx: HubContext,
  req: IncomingMessage,
  res: ServerResponse,
  entry: RequestLogEntry,
): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.cdnOrigin);
  const sha256 = url.pathname.split('/').pop() ?? '';
  const file = ctx.store.blobs.get(sha256);
  const repoParam = url.searchParams.get('repo') ?? '';
  entry.repoId = repoParam.slice(repoParam.indexOf(':') + 1);
  entry.file = url.searchParams.get('path') ?? file?.path;
  if (await preflight(ctx, res, 'cdn', entry.repoId, entry.file)) return;
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return s3Error(res, 405, 'MethodNotAllowed', 'Method not allowed');
  // A signed URL plus an Authorization header is rejected by S3-style storage: the Hub token must not
  // travel to the CDN (§1.4 step 4, docs/hub-downloaders.md §6.6).
  if (ctx.cdnRejectsAuthorization && req.headers.authorization) {
    return s3Error(
      res,
      400,
      'InvalidArgument',
      'Only one auth mechanism allowed; the Authorization header is not allowed here',
    );
  }
  const expected = Buffer.from(signCdn(ctx, sha256, url.searchParams));
  const given = Buffer.from(url.searchParams.get('Signature') ?? '');
  if (!file || expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return s3Error(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match');
  }
  const expiresMs = Number(url.searchParams.get('Expires'));
  const generation = Number(url.searchParams.get('gen'));
  if (!(expiresMs > Date.now()) || generation < ctx.cdnGeneration) {
    return s3Error(res, 403, 'AccessDenied', 'Request has expired');
  }
  const replaced = ctx.faults.take('newEtag', entry.repoId, entry.file ?? file.path);
  await sendFileBody(
    req,
    res,
    {
      repoId: entry.repoId,
      file: entry.file ?? file.path,
      source: file.source,
      faults: ctx.faults,
      globalPacer: ctx.globalPacer(),
      onBytes: (n) => {
        entry.bytesSent += n;
      },
      signal: ctx.signal,
    },
    {
      etag: replaced ? `"replaced-${file.sha256}"` : `"${file.sha256}"`,
      'content-type': 'application/octet-stream',
      'cache-control': 'public, max-age=31536000, immutable',
      'content-disposition': contentDisposition(file.path.split('/').pop() ?? 'file'),
    },
  );
}

/**
 * `inline; filename*=UTF-8''<percent-encoded>; filename="<ASCII stand-in>"`, as the Hub's CDN answers
 * (RFC 6266): a raw non-ASCII or control character is not allowed in a header, and Node refuses to send one.
 */
export function contentDisposition(name: string): string {
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `inline; filename*=UTF-8''${encoded}; filename="${ascii}"`;
}
