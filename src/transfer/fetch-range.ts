/**
 * The lowest layer's rules: what a ranged GET's final response must look like (range-request.ts sends the
 * GET). validateResponse accepts it or throws a HubgetError whose `retryable` flag and code say what went wrong.
 *
 * Checks, after undici's RetryHandler and docs/hub-protocol.md §1.5 /
 * docs/hub-downloaders.md §6.7:
 * - `Accept-Encoding: identity`: a compressed response makes byte offsets meaningless, and CloudFront may
 *   ignore Range when gzip was negotiated.
 * - `206` must carry `Content-Range: bytes a-b/total` with exactly the asked a and b, and total = expected size
 *   (or `*`). Anything else → RANGE_MISMATCH (retryable).
 * - `200` (Range ignored) is returned as kind 'full': the body is the whole file from byte 0, never to be
 *   written at the asked offset.
 * - `416` → SIZE_MISMATCH: the remote file is shorter than the listing says (RFC 9110 §15.5.17).
 * - `403`/`410` → URL_EXPIRED (retryable): signed CDN URLs expire after about an hour (docs/hub-downloaders.md §6.6).
 * - `408`/`429`/`5xx` → retryable, with `Retry-After` / `RateLimit` honoured (§1.6, §1.8).
 * - Redirects are followed by hand (at most MAX_REDIRECTS), without `authorization` once the host changes
 *   (docs/hub-downloaders.md §6.6; range-request.ts).
 */
import type { Dispatcher } from 'undici';
import { type ErrorCode, HubgetError } from '../errors.js';
import { headerValue } from '../hub/headers.js';
import { hubErrorFromResponse, serverMessage } from '../hub/hub-errors.js';
import { isRetryableStatus, retryWhenWords, serverDelayMs } from '../hub/retry-policy.js';
// Signed URLs carry credentials in the query: messages name a URL without it.
import { redactUrl } from '../hub/urls.js';

export interface RangeRequest {
  url: string;
  headers: Record<string, string>;
  /** First byte wanted. */
  start: number;
  /** One past the last byte wanted. */
  end: number;
  /** Expected size of the whole file. */
  size: number;
  dispatcher: Dispatcher;
  signal: AbortSignal;
}

export interface RangeResponse {
  /** 'partial': the body is exactly [start, end). 'full': the body is the whole file from byte 0. */
  kind: 'partial' | 'full';
  /** Strong ETag of the response, null when absent or weak. */
  etag: string | null;
  /** URL after redirects (reuse it for the next ranges). */
  url: string;
  status: number;
}

export const MAX_REDIRECTS = 5;

/** Checks the final response's status and headers (see the file comment); throws what went wrong. */
export function validateResponse(
  range: RangeRequest,
  url: string,
  status: number,
  headers: Record<string, string | string[] | undefined>,
): RangeResponse {
  if (status === 206 || status === 200) {
    const encoding = headerValue(headers, 'content-encoding')?.trim().toLowerCase();
    if (encoding && encoding !== 'identity') {
      throw new HubgetError(
        'HUB_HTTP_ERROR',
        `Server sent Content-Encoding "${encoding}" despite Accept-Encoding: identity`,
        { status },
      );
    }
  }
  const etag = strongEtag(headerValue(headers, 'etag'));
  if (status === 206) {
    const contentRange = parseContentRange(headerValue(headers, 'content-range'));
    if (
      !contentRange ||
      contentRange.first !== range.start ||
      contentRange.last !== range.end - 1 ||
      (contentRange.total !== null && contentRange.total !== range.size)
    ) {
      const got = headerValue(headers, 'content-range') ?? 'none';
      if (contentRange && contentRange.total !== null && contentRange.total !== range.size) {
        throw new HubgetError(
          'SIZE_MISMATCH',
          `Remote file is ${contentRange.total} bytes, expected ${range.size} (Content-Range: ${got})`,
          { status, details: { remoteSize: contentRange.total, expectedSize: range.size } },
        );
      }
      throw new HubgetError(
        'RANGE_MISMATCH',
        `Asked bytes=${range.start}-${range.end - 1}, got Content-Range: ${got}`,
        { status, retryable: true },
      );
    }
    return { kind: 'partial', etag, url, status };
  }
  if (status === 200) {
    const length = headerValue(headers, 'content-length');
    if (length !== undefined && Number(length) !== range.size) {
      throw new HubgetError(
        'SIZE_MISMATCH',
        `Server ignored Range and sent ${length} bytes, expected ${range.size}`,
        { status, details: { remoteSize: Number(length), expectedSize: range.size } },
      );
    }
    return { kind: 'full', etag, url, status };
  }
  if (status === 416) {
    const total = parseUnsatisfiedRange(headerValue(headers, 'content-range'));
    throw new HubgetError(
      'SIZE_MISMATCH',
      total === null
        ? `Server refused bytes=${range.start}-${range.end - 1} (416): the remote file is smaller than ${range.size} bytes`
        : `Remote file is ${total} bytes, expected ${range.size} (416 for bytes=${range.start}-${range.end - 1})`,
      { status, details: { remoteSize: total, expectedSize: range.size } },
    );
  }
  // The Hub itself refused (/resolve/ answers like the API: gated, missing repo or file, docs/hub-protocol.md
  // §1.7): the same error as the API would give.
  if ((status === 401 || status === 403 || status === 404) && headerValue(headers, 'x-error-code')) {
    throw hubErrorFromResponse({ status, headers }, { url, endpoint: new URL(url).origin });
  }
  if (status === 403 || status === 410) {
    throw new HubgetError('URL_EXPIRED', `Download URL refused with ${status} (signed URL expired?)`, {
      status,
      retryable: true,
    });
  }
  const retryAfterMs = serverDelayMs(status, headers);
  // A mirror says why it cannot serve a file ("not in the mirror cache and the upstream Hub is unreachable").
  const said = serverMessage({ status, headers });
  const reason = said === undefined ? '' : `: ${said}`;
  if (isRetryableStatus(status)) {
    const code = retryableStatusCode(status);
    const answered = `${status} for bytes=${range.start}-${range.end - 1}${reason}`;
    throw new HubgetError(
      code,
      // A 429 says its wait, as the Hub's API calls do (hub-errors.ts), which a waiting job counts down.
      status === 429
        ? `The server rate-limited these requests (${answered}): ${retryWhenWords(retryAfterMs)}`
        : `Server answered ${answered}`,
      // The URL that answered (a mirror keeps a 429's wait by it: the RetryError's `url`).
      { status, retryable: true, retryAfterMs, details: { url: redactUrl(url) } },
    );
  }
  const code: ErrorCode =
    status === 401 ? 'UNAUTHORIZED' : status === 404 ? 'ENTRY_NOT_FOUND' : 'HUB_HTTP_ERROR';
  throw new HubgetError(code, `Server answered ${status} for ${redactUrl(url)}${reason}`, { status });
}

export interface ContentRange {
  first: number;
  last: number;
  total: number | null;
}

/** `bytes a-b/total` or `bytes a-b/*` (RFC 9110 §14.4). */
export function parseContentRange(value: string | undefined): ContentRange | null {
  if (!value) return null;
  const match = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(value);
  if (!match) return null;
  const first = Number(match[1]);
  const last = Number(match[2]);
  const total = match[3] === '*' ? null : Number(match[3]);
  if (last < first || (total !== null && last >= total)) return null;
  return { first, last, total };
}

/** `bytes * /total` sent with a 416. */
function parseUnsatisfiedRange(value: string | undefined): number | null {
  const match = value ? /^\s*bytes\s+\*\/(\d+)\s*$/i.exec(value) : null;
  return match ? Number(match[1]) : null;
}

/** Strong ETags only: a weak one (W/) does not promise byte-identical content (RFC 9110 §8.8.3). */
export function strongEtag(value: string | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (trimmed.startsWith('W/')) return null;
  return trimmed;
}

/**
 * The code of the error of an answer that asks to retry (408, 429, 5xx: isRetryableStatus): a `429` is the rate
 * limit, which the mirror answers as such (src/mirror/pull-refusals.ts), any other a Hub HTTP error.
 */
function retryableStatusCode(status: number): ErrorCode {
  return status === 429 ? 'RATE_LIMITED' : 'HUB_HTTP_ERROR';
}
