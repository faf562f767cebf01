/**
 * The REPO argument of `hubget download` and `hubget rm`, in the forms people paste, taken the same way by
 * both commands: `org/name`; `org/name@REV` (a branch, tag or commit); a Hub page's URL
 * (`https://huggingface.co/org/name`, `…/datasets/org/name`, `…/tree/REV`, a file's `…/blob/REV/PATH` or
 * `…/resolve/REV/PATH`), also without the scheme and on `hf.co` (Ollama's `hf.co/org/name`); and a trailing
 * `/` (shell completion). A `datasets/` or `spaces/` prefix (a URL's, or typed) names the repository's type,
 * as `--repo-type` does. The id itself is checked afterwards by the one validator, parseRepoRef
 * (src/hub/repo-id.ts).
 */
import { HubgetError } from '../errors.js';
import type { RepoType } from '../hub/types.js';

export interface RepoArgument {
  /** For parseRepoRef: `org/name` or `name`. */
  repoId: string;
  /** Named by a `datasets/` or `spaces/` (or `models/`) prefix. */
  repoType?: RepoType;
  /** `@REV`, or the revision of a URL's `/tree/REV`, `/blob/REV/…`, `/resolve/REV/…`. */
  revision?: string;
  /** The file of a `/blob/` or `/resolve/` URL. */
  filename?: string;
}

/** `https://huggingface.co/…`, `hf.co/…`, `http://127.0.0.1:9001/…`: a URL, or a Hub host without the scheme. */
const URL_FORM = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/]+|(?:www\.)?(?:huggingface\.co|hf\.co))(?:\/(.*))?$/i;
const TYPE_PREFIXES: ReadonlyMap<string, RepoType> = new Map([
  ['models', 'model'],
  ['datasets', 'dataset'],
  ['spaces', 'space'],
]);
/** What follows the repo in a Hub URL: the revision, then (for files) the path. */
const FILE_PAGES = new Set(['blob', 'resolve']);
const TREE_PAGE = 'tree';

function invalid(text: string, why: string): HubgetError {
  return new HubgetError('INVALID_ARGUMENT', `Cannot read "${text}" as a repository: ${why}`, {
    details: { reference: text },
  });
}

export function parseRepoArgument(text: string): RepoArgument {
  const trimmed = text.trim();
  const url = URL_FORM.exec(trimmed);
  if (url) return fromUrlPath(trimmed, url[1] ?? '');
  const withoutSlash = trimmed.replace(/\/+$/, '');
  const at = withoutSlash.indexOf('@');
  const repo = withTypeOf(at < 0 ? withoutSlash : withoutSlash.slice(0, at));
  if (at < 0) return repo;
  const revision = withoutSlash.slice(at + 1);
  if (revision === '') {
    throw invalid(
      text,
      `nothing after "@"; name a branch, tag or commit (${withoutSlash}main) or drop the "@"`,
    );
  }
  return { ...repo, revision };
}

/** `datasets/org/name` → the id and its type; anything else as it is (the validator explains it). */
function withTypeOf(path: string): Pick<RepoArgument, 'repoId' | 'repoType'> {
  const slash = path.indexOf('/');
  const type = slash < 0 ? undefined : TYPE_PREFIXES.get(path.slice(0, slash));
  const rest = path.slice(slash + 1);
  if (type === undefined || rest === '' || rest.split('/').length > 2) return { repoId: path };
  return { repoId: rest, repoType: type };
}

/** `org/name`, `datasets/org/name/tree/v1.0`, `org/name/blob/main/sub/config.json` (the part after the host). */
function fromUrlPath(text: string, rawPath: string): RepoArgument {
  const segments = rawPath
    .replace(/[?#].*$/, '')
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment);
  const repoType = segments[0] === undefined ? undefined : TYPE_PREFIXES.get(segments[0]);
  if (repoType !== undefined) segments.shift();
  // `gpt2/tree/main`: a canonical repo (no namespace) followed by a page.
  const nameParts = isPage(segments[1]) ? 1 : 2;
  const repoParts = segments.slice(0, nameParts);
  if (repoParts.length === 0) throw invalid(text, 'the URL names no repository; expected …/org/name');
  const repo = { repoId: repoParts.join('/'), ...(repoType !== undefined && { repoType }) };
  const repoId = repo.repoId;
  const [page, revision, ...path] = segments.slice(nameParts);
  if (page === undefined) return repo;
  if (!isPage(page) || revision === undefined) {
    throw invalid(text, `"/${page}" is not a page of files; pass the repository, e.g. ${repoId}`);
  }
  if (page === TREE_PAGE) {
    if (path.length > 0) {
      throw invalid(
        text,
        `it names a folder; for its files use ${repoId} --revision ${revision} --include '${path.join('/')}/*'`,
      );
    }
    return { ...repo, revision };
  }
  if (path.length === 0) throw invalid(text, `the URL names no file after /${page}/${revision}`);
  return { ...repo, revision, filename: path.join('/') };
}

function isPage(segment: string | undefined): boolean {
  return segment !== undefined && (segment === TREE_PAGE || FILE_PAGES.has(segment));
}

/** `refs%2Fpr%2F1` → `refs/pr/1`; a malformed escape stays as typed (the validator names it). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The flags the argument may also say: `--repo-type` (given, or its default) and `--revision`. */
export interface RepoFlags {
  repoType: RepoType;
  /** False when `--repo-type` is only its default: a URL's or prefix's type then wins. */
  repoTypeGiven: boolean;
  revision?: string;
}

/** What to act on, once the argument and the flags agree. */
export interface RepoChoice {
  repoId: string;
  repoType: RepoType;
  revision?: string;
}

/**
 * The argument's type and revision beside the flags': the same thing said twice is fine, two different
 * things are refused (INVALID_ARGUMENT, a usage error for the commands), never one silently preferred.
 */
export function combineWithFlags(argument: RepoArgument, flags: RepoFlags): RepoChoice {
  if (argument.repoType !== undefined && flags.repoTypeGiven && argument.repoType !== flags.repoType) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `"${argument.repoId}" is named as a ${argument.repoType}, but --repo-type says ${flags.repoType}`,
    );
  }
  if (
    argument.revision !== undefined &&
    flags.revision !== undefined &&
    argument.revision !== flags.revision
  ) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `two revisions: "${argument.revision}" in the repository argument and --revision ${flags.revision}; give one`,
    );
  }
  const revision = argument.revision ?? flags.revision;
  return {
    repoId: argument.repoId,
    repoType: argument.repoType ?? flags.repoType,
    ...(revision !== undefined && { revision }),
  };
}
