/**
 * Which Hub endpoint a request under `/hf` names (docs/hub-protocol.md §1.1, §2.1–2.3, §2.6, search; and a repo's
 * page, which the mirror redirects to its upstream's), validated before
 * anything touches the disk or the upstream: a repo id that is not `org/name`, a `..` in a path or a
 * revision, a NUL byte — all refused here with the Hub's status and `X-Error-Code`.
 */
import { validateRelativePath } from '../cache/safe-path.js';
import { parseRepoRef } from '../hub/repo-id.js';
import type { RepoRef, RepoType } from '../hub/types.js';
import { DEFAULT_REVISION } from '../transfer/plan-download.js';
import { MirrorError } from './mirror-errors.js';

export interface MirrorRequest {
  method: string;
  /** Path after the `/hf` prefix, percent-encoded as received. */
  pathname: string;
  /** Raw query string without `?` ('' when none). */
  query: string;
  authorization?: string;
  range?: string;
  /** The conditional headers of a file request (conditional-request.ts). */
  ifMatch?: string;
  ifUnmodifiedSince?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifRange?: string;
  contentType?: string;
  body?: Buffer;
  /** Client address (for the "clients pulling" list; never a token). */
  client: string;
  /** The first product of its User-Agent (client-agent.ts), beside the address in that list. */
  agent?: string;
  /** `http://host:port/hf` as the client reached it (pagination links point back here). */
  baseUrl: string;
}

export type MirrorRoute =
  | { kind: 'whoami' }
  | { kind: 'search' }
  | { kind: 'info'; repo: RepoRef; revision: string | undefined }
  | { kind: 'tree'; repo: RepoRef; revision: string; path: string }
  | { kind: 'paths-info'; repo: RepoRef; revision: string }
  | { kind: 'refs'; repo: RepoRef }
  /**
   * `resolve`, or `raw` (`raw: true`): the git object, which for an LFS file is its pointer file (docs/hub-protocol.md
   * §1.1; `@huggingface/hub`'s `fileExists` asks it with `HEAD`).
   */
  | { kind: 'resolve'; repo: RepoRef; revision: string; path: string; raw: boolean }
  /** `{org}/{name}`, `datasets/{org}/{name}`, `spaces/{org}/{name}`: the repo's web page (on the upstream). */
  | { kind: 'page'; repo: RepoRef };

const API_TYPES: Record<string, RepoType> = { models: 'model', datasets: 'dataset', spaces: 'space' };
const ACTIONS = new Set(['revision', 'tree', 'paths-info', 'refs']);
const FILE_ACTIONS = new Set(['resolve', 'raw']);

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new MirrorError(400, `Malformed percent-encoding in "${segment}"`);
  }
}

function repoOf(parts: string[], type: RepoType): RepoRef {
  const id = parts.map(decode).join('/');
  try {
    return parseRepoRef(id, type);
  } catch (error) {
    throw new MirrorError(404, `Repository not found: ${(error as Error).message}`, 'RepoNotFound');
  }
}

/** `refs/pr/1` may arrive raw (three segments, as `@huggingface/hub` sends it) or encoded as one. */
function takeRevision(parts: string[]): { revision: string; rest: string[] } {
  const [first, second] = parts;
  if (first === 'refs' && (second === 'pr' || second === 'convert') && parts.length >= 3) {
    return { revision: parts.slice(0, 3).map(decode).join('/'), rest: parts.slice(3) };
  }
  if (first === undefined || first === '') throw new MirrorError(400, 'The revision is missing');
  return { revision: decode(first), rest: parts.slice(1) };
}

function validateRevision(revision: string): string {
  const ok =
    revision !== '' &&
    revision.length <= 256 &&
    !revision.includes('\0') &&
    !revision.includes('\\') &&
    !revision.split('/').some((part) => part === '' || part === '.' || part === '..');
  if (!ok) throw new MirrorError(404, `Invalid revision ${JSON.stringify(revision)}`, 'RevisionNotFound');
  return revision;
}

/**
 * The revision a route names: `HEAD` is the Hub's default branch, `main` (@huggingface/hub's modelInfo asks
 * `revision/HEAD`), so it resolves as `main` does, online and from the cache, and is never stored as a ref of
 * its own (a `refs/HEAD` listed offline as a branch, stuck at the commit it had when first asked).
 */
function revisionOf(parts: string[]): { revision: string; rest: string[] } {
  const { revision, rest } = takeRevision(parts);
  validateRevision(revision);
  return { revision: revision === 'HEAD' ? DEFAULT_REVISION : revision, rest };
}

function validateFilePath(path: string): string {
  try {
    validateRelativePath(path);
  } catch (error) {
    throw new MirrorError(404, (error as Error).message, 'EntryNotFound');
  }
  return path;
}

/**
 * Split `org/name/…` (or a canonical `name/…`) at the action keyword: `org/refs/refs` is repo `org/refs`'s
 * refs, `gpt2/refs` canonical `gpt2`'s.
 */
function splitRepo(parts: string[], actions: ReadonlySet<string>): { repoParts: string[]; rest: string[] } {
  const cut =
    parts.length > 2 && actions.has(parts[2]!) ? 2 : parts.length > 1 && actions.has(parts[1]!) ? 1 : 2;
  return { repoParts: parts.slice(0, cut), rest: parts.slice(cut) };
}

function apiRoute(parts: string[], method: string): MirrorRoute | undefined {
  if (parts.length === 1 && parts[0] === 'whoami-v2') return { kind: 'whoami' };
  const type = API_TYPES[parts[0] ?? ''];
  if (type === undefined) return undefined;
  // `GET /api/models?search=…`: the Hub's search (its query string goes along as it is).
  if (parts.length === 1) return method === 'GET' || method === 'HEAD' ? { kind: 'search' } : undefined;
  const { repoParts, rest } = splitRepo(parts.slice(1), ACTIONS);
  const repo = repoOf(repoParts, type);
  if (rest.length === 0) return method === 'POST' ? undefined : { kind: 'info', repo, revision: undefined };
  const [action, ...after] = rest;
  if (action === 'refs') return after.length === 0 && method !== 'POST' ? { kind: 'refs', repo } : undefined;
  const { revision, rest: tail } = revisionOf(after);
  if (action === 'revision' && tail.length === 0 && method !== 'POST')
    return { kind: 'info', repo, revision };
  if (action === 'tree' && method !== 'POST') {
    const path = tail.map(decode).join('/');
    return { kind: 'tree', repo, revision, path: path === '' ? '' : validateFilePath(path) };
  }
  if (action === 'paths-info' && tail.length === 0 && method === 'POST') {
    return { kind: 'paths-info', repo, revision };
  }
  return undefined;
}

function resolveRoute(parts: string[]): MirrorRoute | undefined {
  let type: RepoType = 'model';
  let rest = parts;
  if (parts[0] === 'datasets' || parts[0] === 'spaces') {
    type = API_TYPES[parts[0]]!;
    rest = parts.slice(1);
  }
  const { repoParts, rest: after } = splitRepo(rest, FILE_ACTIONS);
  if (after[0] !== 'resolve' && after[0] !== 'raw') return undefined;
  const repo = repoOf(repoParts, type);
  const { revision, rest: tail } = revisionOf(after.slice(1));
  const path = tail.map(decode).join('/');
  return { kind: 'resolve', repo, revision, path: validateFilePath(path), raw: after[0] === 'raw' };
}

/**
 * A repo's web page, `{org}/{name}` or `{datasets|spaces}/{org}/{name}` exactly: the URL a client builds from its
 * endpoint when it points a person at the repo (hubget's "request access at …", src/hub/urls.ts repoPageUrl).
 */
function pageRoute(parts: string[]): MirrorRoute | undefined {
  const type = parts.length === 3 && parts[0] !== 'models' ? API_TYPES[parts[0] ?? ''] : undefined;
  const repoParts = type === undefined ? parts : parts.slice(1);
  if (repoParts.length !== 2 || repoParts.some((part) => part === '')) return undefined;
  if (type === undefined && API_TYPES[repoParts[0]!] !== undefined) return undefined;
  return { kind: 'page', repo: repoOf(repoParts, type ?? 'model') };
}

/**
 * The route for `pathname` (the part after `/hf`, no query), or undefined for anything the mirror does not
 * serve (the caller answers 404). Throws MirrorError for hostile or malformed input.
 */
export function parseMirrorRoute(pathname: string, method: string): MirrorRoute | undefined {
  const parts = pathname.replace(/^\/+/, '').split('/');
  if (parts[0] === 'api') return apiRoute(parts.slice(1), method);
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  return resolveRoute(parts) ?? pageRoute(parts);
}
