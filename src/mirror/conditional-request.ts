/**
 * Conditional headers of a file request (`resolve`, GET or HEAD; RFC 9110 §13, docs/mirror.md "Conditional
 * requests"), evaluated in the RFC's order:
 * - `If-None-Match`: one of the file's entity tags listed (weak comparison: `W/` ignored), or `*` → `304 Not
 *   Modified`, with the headers of the `200` and no body; the `Range` then plays no part.
 * - `If-Range` (with a `Range`): the range is served only while the validator still names this file — an
 *   entity tag by strong comparison (a `W/` tag never matches), a date when it equals the answer's
 *   `Last-Modified` (the mirror sends none, so a date never matches) — else the whole file, `200`. A client
 *   resuming `resolve/main/…` after `main` moved to another version of the file gets the new file whole,
 *   never its bytes spliced onto the old ones.
 *
 * A file's entity tags are those of its answer (mirror-replies.ts, fileHeaders): `ETag` (the git oid) and,
 * for an LFS file, `X-Linked-Etag` (its sha256, the `ETag` of the Hub's CDN, docs/hub-protocol.md §1.3), so a
 * client that stored either one revalidates with it. Both are hashes of the content: strong validators.
 * A malformed header matches nothing (the full answer, as without it).
 */
import type { MirrorReply } from './mirror-replies.js';

export interface ConditionalHeaders {
  ifNoneMatch?: string;
  ifRange?: string;
  range?: string;
}

/** Not modified (`304`), or the answer to send with the `Range` that applies (undefined: the whole file). */
export type ConditionalOutcome = { kind: 'not-modified' } | { kind: 'send'; range: string | undefined };

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

/** What the request's conditional headers make of an answer with the file's `headers` (fileHeaders). */
export function conditionalOutcome(
  request: ConditionalHeaders,
  headers: Record<string, string>,
): ConditionalOutcome {
  const tags = fileTags(headers);
  if (request.ifNoneMatch !== undefined && !noneMatch(request.ifNoneMatch, tags)) {
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
