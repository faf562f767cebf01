/**
 * The one reader of a repository as people write or paste it, for the CLI's REPO argument
 * (src/cli/repo-argument.ts) and the web UI's download form (parseHubAddress below):
 * - `org/name`, or a canonical name such as `gpt2`; `org/name@REV` (a branch, tag or commit); a trailing `/`
 *   (shell completion);
 * - a `datasets/`, `spaces/` or `models/` prefix, which names the repository's type;
 * - a Hub page's URL, `https://huggingface.co/org/name` (any scheme and host: a mirror's, a local hub's), also
 *   without the scheme on huggingface.co or hf.co (Ollama's `hf.co/org/name`), with the type's prefix, and
 *   after the repo `/tree/REV` (a folder after it is kept as `folder`), `/commit/SHA`, or a file's
 *   `/blob/REV/PATH` or `/resolve/REV/PATH`. Segments are percent-decoded (`refs%2Fpr%2F1`); the query and
 *   fragment are dropped. Another page of a repo (`/discussions/2`) is refused, naming the repo.
 * The id itself is checked afterwards by the one validator, parseRepoRef (repo-id.ts). Pure: the web UI
 * bundles it.
 */
import { HubgetError } from '../errors.js';
import type { RepoType } from './types.js';

export interface HubAddress {
  /** For parseRepoRef: `org/name` or `name`. */
  repoId: string;
  /** Named by a `datasets/`, `spaces/` or `models/` prefix (a URL's, or typed). */
  repoType?: RepoType;
  /** `@REV`, or the revision of a URL's `/tree/REV`, `/commit/SHA`, `/blob/REV/…`, `/resolve/REV/…`. */
  revision?: string;
  /** The file of a `/blob/` or `/resolve/` URL. */
  filename?: string;
  /** The folder of a `/tree/REV/FOLDER` URL. */
  folder?: string;
}

/** `https://huggingface.co/…`, `hf.co/…`, `http://127.0.0.1:9001/…`: a URL, or a Hub host without the scheme. */
const URL_FORM = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/?#]+|(?:www\.)?(?:huggingface\.co|hf\.co))(?:[/?#](.*))?$/i;
const TYPE_PREFIXES: ReadonlyMap<string, RepoType> = new Map([
  ['models', 'model'],
  ['datasets', 'dataset'],
  ['spaces', 'space'],
]);
const TREE_PAGE = 'tree';
const COMMIT_PAGE = 'commit';
/** Pages of a file: the revision, then the file's path. */
const FILE_PAGES = new Set(['blob', 'resolve']);
/** Pages of a repo whose next segment is a revision. */
const REVISION_PAGES = new Set([TREE_PAGE, COMMIT_PAGE, ...FILE_PAGES]);
/** Every page of a repo: what comes before one is the repo id, which may have no namespace (`gpt2/tree/main`). */
const REPO_PAGES = new Set([...REVISION_PAGES, 'discussions', 'commits', 'settings', 'edit', 'raw']);

/** INVALID_ARGUMENT: `text` cannot be read as a repository, and why. */
export function invalidAddress(text: string, why: string): HubgetError {
  return new HubgetError('INVALID_ARGUMENT', `Cannot read "${text}" as a repository: ${why}`, {
    details: { reference: text },
  });
}

/** The path after the host when `text` is written as a URL (or a Hub host without the scheme); else undefined. */
function urlPathOf(text: string): string | undefined {
  const url = URL_FORM.exec(text);
  return url ? (url[1] ?? '').replace(/[?#].*$/, '') : undefined;
}

/** Reads every form above; throws INVALID_ARGUMENT, saying why, for one that names no repo, revision or file. */
export function readHubAddress(text: string): HubAddress {
  const trimmed = text.trim();
  const urlPath = urlPathOf(trimmed);
  if (urlPath !== undefined) return fromPath(text, urlPath);
  const withoutSlash = trimmed.replace(/\/+$/, '');
  const at = withoutSlash.indexOf('@');
  const path = at < 0 ? withoutSlash : withoutSlash.slice(0, at);
  const slash = path.indexOf('/');
  const prefixed = slash > 0 && TYPE_PREFIXES.has(path.slice(0, slash));
  const repo = prefixed ? fromPath(text, path) : { repoId: path };
  if (at < 0) return repo;
  const revision = withoutSlash.slice(at + 1);
  if (revision === '') {
    throw invalidAddress(
      text,
      `nothing after "@"; name a branch, tag or commit (${withoutSlash}main) or drop the "@"`,
    );
  }
  return { ...repo, revision };
}

/** `org/name`, `datasets/org/name/tree/v1.0`, `org/name/blob/main/sub/config.json` (the part after the host). */
function fromPath(text: string, rawPath: string): HubAddress {
  const segments = rawPath
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment);
  const repoType = segments[0] === undefined ? undefined : TYPE_PREFIXES.get(segments[0]);
  if (repoType !== undefined) segments.shift();
  const nameParts = REPO_PAGES.has(segments[1] ?? '') ? 1 : 2;
  const repoParts = segments.slice(0, nameParts);
  if (repoParts.length === 0) throw invalidAddress(text, 'the URL names no repository; expected …/org/name');
  const repoId = repoParts.join('/');
  const repo: HubAddress = { repoId, ...(repoType !== undefined && { repoType }) };
  const [page, revision, ...path] = segments.slice(nameParts);
  if (page === undefined) return repo;
  if (!REVISION_PAGES.has(page) || revision === undefined) {
    throw invalidAddress(text, `"/${page}" is not a page of files; pass the repository, e.g. ${repoId}`);
  }
  if (!FILE_PAGES.has(page)) {
    return { ...repo, revision, ...(page === TREE_PAGE && path.length > 0 && { folder: path.join('/') }) };
  }
  if (path.length === 0) throw invalidAddress(text, `the URL names no file after /${page}/${revision}`);
  return { ...repo, revision, filename: path.join('/') };
}

/** `refs%2Fpr%2F1` → `refs/pr/1`; a malformed escape stays as typed (the validator names it). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** What the download form fills from a pasted address: the id, type and revision fields. */
export interface PastedAddress {
  repoId: string;
  repoType: RepoType;
  revision?: string;
}

/**
 * The web form's reading of its id field (readHubAddress): the repo, type (a model unless named) and revision
 * an address, a prefixed id or `org/name@REV` names; null for a plain id, and for what readHubAddress refuses
 * (the id validator then explains).
 */
export function parseHubAddress(text: string): PastedAddress | null {
  let address: HubAddress;
  try {
    address = readHubAddress(text);
  } catch {
    return null;
  }
  const written = urlPathOf(text.trim()) !== undefined || address.repoType !== undefined;
  if (!written && address.revision === undefined) return null;
  return {
    repoId: address.repoId,
    repoType: address.repoType ?? 'model',
    ...(address.revision !== undefined && { revision: address.revision }),
  };
}
