/**
 * Conditional headers of a file request (`resolve`, GET or HEAD; RFC 9110 §13, docs/mirror.md "Conditional
 * requests"), evaluated in the order of RFC 9110 §13.2.2:
 * - `If-Match`: none of the file's entity tags listed (strong comparison: a `W/` tag never matches), and not `*`
 *   → `412 Precondition Failed`. Else, without it, `If-Unmodified-Since`: the mirror stored the file after that
 *   date → `412`.
 * - `If-None-Match`: one of the file's entity tags listed (weak comparison: `W/` ignored), or `*` → `304 Not
 *   Modified`, with the headers of the `200` and no body; the `Range` then plays no part. Else, without it,
 *   `If-Modified-Since`: the mirror stored the file at or before that date → `304`.
 * - `If-Range` (with a `Range`): the range is served only while the validator still names this file — an
 *   entity tag by strong comparison (a `W/` tag never matches), a date when it equals the answer's
 *   `Last-Modified` (the mirror sends none, so a date never matches) — else the whole file, `200`. A client
 *   resuming `resolve/main/…` after `main` moved to another version of the file gets the new file whole,
 *   never its bytes spliced onto the old ones.
 *
 * A file's entity tags are those of its answer (mirror-replies.ts, fileHeaders): `ETag` (the git oid) and,
 * for an LFS file, `X-Linked-Etag` (its sha256, the `ETag` of the Hub's CDN, docs/hub-protocol.md §1.3), so a
 * client that stored either one revalidates with it. Both are hashes of the content: strong validators.
 * The mirror sends no `Last-Modified` (the Hub's commits date no file); the dates are compared, as an HTTP cache
 * does without one (RFC 9111 §4.3.2), with when the mirror stored the file (`storedAt`, snapshot-link.ts): a file
 * it does not hold has no such date, and both date headers are then ignored (RFC 9110 §13.1.3, §13.1.4), as are
 * one that is not an HTTP-date and an `If-Modified-Since` later than now.
 * A malformed entity tag header matches nothing (`If-None-Match`: the full answer, as without it; `If-Match`: `412`).
 */
import { MirrorError } from './mirror-errors.js';
import type { MirrorReply } from './mirror-replies.js';

export interface ConditionalHeaders {
  ifMatch?: string;
  ifUnmodifiedSince?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifRange?: string;
  range?: string;
}

/**
 * A precondition failed (`412`), not modified (`304`), or the answer to send with the `Range` that applies
 * (undefined: the whole file).
 */
export type ConditionalOutcome =
  | { kind: 'precondition-failed' }
  | { kind: 'not-modified' }
  | { kind: 'send'; range: string | undefined };

/** Whether a request has a date condition (`If-Modified-Since`, `If-Unmodified-Since`): they need `storedAt`. */
export function hasDateCondition(request: ConditionalHeaders): boolean {
  return request.ifModifiedSince !== undefined || request.ifUnmodifiedSince !== undefined;
}

interface EntityTag {
  weak: boolean;
  /** The quoted string, quotes included. */
  opaque: string;
}

const OPAQUE_TAG = '"[\\x21\\x23-\\x7e\\x80-\\xff]*"';
const ENTITY_TAGS = new RegExp(`(W/)?(${OPAQUE_TAG})`, 'g');
const ONE_ENTITY_TAG = new RegExp(`^\\s*(W/)?(${OPAQUE_TAG})\\s*$`);

/** The entity tags of a list header (`If-None-Match`), `'*'`, or undefined when it is malformed. */
function entityTagList(header: string): EntityTag[] | '*' | undefined {
  if (header.trim() === '*') return '*';
  const tags: EntityTag[] = [];
  const rest = header.replace(ENTITY_TAGS, (_match, weak: string | undefined, opaque: string) => {
    tags.push({ weak: weak !== undefined, opaque });
    return ',';
  });
  return /^[\s,]*$/.test(rest) && tags.length > 0 ? tags : undefined;
}

/** One entity tag, or undefined when `text` is not one (`If-Range` then holds a date). */
function entityTag(text: string): EntityTag | undefined {
  const match = ONE_ENTITY_TAG.exec(text);
  return match ? { weak: match[1] !== undefined, opaque: match[2]! } : undefined;
}

/** The entity tags the file's answer carries (`ETag`, `X-Linked-Etag`). */
function fileTags(headers: Record<string, string>): EntityTag[] {
  return [headers.etag, headers['x-linked-etag']]
    .map((value) => (value === undefined ? undefined : entityTag(value)))
    .filter((tag): tag is EntityTag => tag !== undefined);
}

function noneMatch(header: string, tags: EntityTag[]): boolean {
  const listed = entityTagList(header);
  if (listed === undefined) return true;
  if (listed === '*') return false;
  return !listed.some((asked) => tags.some((tag) => tag.opaque === asked.opaque));
}

function anyMatches(header: string, tags: EntityTag[]): boolean {
  const listed = entityTagList(header);
  if (listed === undefined) return false;
  if (listed === '*') return true;
  return listed.some((asked) => !asked.weak && tags.some((tag) => !tag.weak && tag.opaque === asked.opaque));
}

/** An HTTP-date header as ms at the second (the resolution of HTTP-dates); undefined when it is not one. */
function httpDateMs(header: string): number | undefined {
  const ms = Date.parse(header);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `storedAt` at the second, as an HTTP-date would carry it. */
function toSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** False when the file was stored after the `If-Unmodified-Since` date; true when it cannot tell (ignored). */
function unmodifiedSince(header: string, storedAt: number | undefined): boolean {
  const date = httpDateMs(header);
  return storedAt === undefined || date === undefined || toSecond(storedAt) <= date;
}

/** True when the file was stored after the `If-Modified-Since` date, or when it cannot tell (ignored). */
function modifiedSince(header: string, storedAt: number | undefined, now: number): boolean {
  const date = httpDateMs(header);
  if (storedAt === undefined || date === undefined || date > now) return true;
  return toSecond(storedAt) > date;
}

function rangeStillValid(header: string, headers: Record<string, string>, tags: EntityTag[]): boolean {
  const asked = entityTag(header);
  if (asked !== undefined) {
    return !asked.weak && tags.some((tag) => !tag.weak && tag.opaque === asked.opaque);
  }
  const lastModified = headers['last-modified'];
  if (lastModified === undefined) return false;
  const date = Date.parse(header);
  return !Number.isNaN(date) && date === Date.parse(lastModified);
}

/**
 * What the request's conditional headers make of an answer with the file's `headers` (fileHeaders); `storedAt`
 * (ms): when the mirror stored the file (snapshot-link.ts), undefined when it does not hold it (or the request has
 * no date condition: hasDateCondition).
 */
export function conditionalOutcome(
  request: ConditionalHeaders,
  headers: Record<string, string>,
  storedAt?: number,
  now = Date.now(),
): ConditionalOutcome {
  const tags = fileTags(headers);
  if (request.ifMatch !== undefined) {
    if (!anyMatches(request.ifMatch, tags)) return { kind: 'precondition-failed' };
  } else if (
    request.ifUnmodifiedSince !== undefined &&
    !unmodifiedSince(request.ifUnmodifiedSince, storedAt)
  ) {
    return { kind: 'precondition-failed' };
  }
  if (request.ifNoneMatch !== undefined) {
    if (!noneMatch(request.ifNoneMatch, tags)) return { kind: 'not-modified' };
  } else if (
    request.ifModifiedSince !== undefined &&
    !modifiedSince(request.ifModifiedSince, storedAt, now)
  ) {
    return { kind: 'not-modified' };
  }
  if (request.range === undefined) return { kind: 'send', range: undefined };
  if (request.ifRange !== undefined && !rangeStillValid(request.ifRange, headers, tags)) {
    return { kind: 'send', range: undefined };
  }
  return { kind: 'send', range: request.range };
}

/**
 * The `304` for a file of `size` bytes: the headers of its `200` (ETag, X-Linked-Etag, X-Repo-Commit, …, and
 * the `Content-Length` of the whole file, RFC 9110 §8.6), no body.
 */
export function notModifiedReply(headers: Record<string, string>, size: number): MirrorReply {
  return { status: 304, headers: { ...headers, 'content-length': String(size) } };
}

/**
 * The `412` of a failed `If-Match` or `If-Unmodified-Since`: the file's validators (`ETag`, `X-Linked-Etag`,
 * `X-Repo-Commit`), so the client sees what the file is now.
 */
export function preconditionFailed(path: string, headers: Record<string, string>): MirrorError {
  const validators: Record<string, string> = {};
  for (const name of ['etag', 'x-linked-etag', 'x-repo-commit']) {
    const value = headers[name];
    if (value !== undefined) validators[name] = value;
  }
  return new MirrorError(
    412,
    `${path} is not the version the request names (If-Match, If-Unmodified-Since): its ETag is ${headers.etag}`,
    undefined,
    validators,
  );
}
