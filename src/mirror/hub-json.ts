/**
 * The Hub's JSON answers (docs/hub-protocol.md §2.1–2.3, §2.6) built from a snapshot the mirror knows from its
 * cache alone, for when the upstream is unreachable: repo info with `siblings` (and `blobs=true` sizes),
 * tree listings (recursive or one level, `lastCommit` with `expand`), paths-info, refs.
 */

import { createHash } from 'node:crypto';
import { lfsPointerText } from '../cache/cached-snapshot.js';
import { byPath, compareCodeUnits } from '../code-unit-order.js';
import type { RepoFile, RepoRef } from '../hub/index.js';
import { pullRequestNumber } from '../hub/pull-request-ref.js';
import { isShortCommitOf } from '../hub/short-commit.js';
import type { Visibility } from './visibility-store.js';

function pointerSize(file: RepoFile): number {
  return Buffer.byteLength(lfsPointerText(file.lfs?.oid ?? '', file.size));
}

function lfsOf(file: RepoFile): { oid: string; size: number; pointerSize: number } | undefined {
  return file.lfs && { oid: file.lfs.oid, size: file.lfs.size, pointerSize: pointerSize(file) };
}

export function repoInfoJson(
  repo: RepoRef,
  commit: string,
  files: Iterable<RepoFile>,
  visibility: Visibility | undefined,
  blobs: boolean,
): object {
  const siblings = [...files].map((file) => {
    if (!blobs) return { rfilename: file.path };
    const lfs = file.lfs && { sha256: file.lfs.oid, size: file.lfs.size, pointerSize: pointerSize(file) };
    return { rfilename: file.path, size: file.size, blobId: file.oid, ...(lfs ? { lfs } : {}) };
  });
  return {
    _id: commit,
    id: repo.repoId,
    ...(repo.repoType === 'model' ? { modelId: repo.repoId } : {}),
    sha: commit,
    private: visibility?.private ?? false,
    gated: visibility?.gated ? 'manual' : false,
    disabled: false,
    siblings,
  };
}

/** An entry's `lastCommit` (tree and paths-info with `expand`): the Hub's has these three fields. */
export interface LastCommit {
  id: string;
  title: string;
  date: string;
}

const UNKNOWN_COMMIT_DATE = new Date(0).toISOString();

/**
 * The `lastCommit` of every entry of the mirror's own tree and paths-info answers with `expand`. The Hub's is
 * the last commit that changed the path, with its title and date; the mirror knows none of them (neither the
 * cache nor the kept listing records them), only the commit the revision resolves to, which holds every entry as
 * listed. That is what `@huggingface/hub`'s downloadFileToCacheDir needs: it names the snapshot folder of a
 * download by branch after `lastCommit.id` (else after the file's sha256 or git sha1). `title` and `date` are
 * there all the same, as "unknown" (empty, the Unix epoch): huggingface_hub's RepoFile reads both.
 */
export function lastCommitOf(commit: string): LastCommit {
  return { id: commit, title: '', date: UNKNOWN_COMMIT_DATE };
}

type TreeEntry = (
  | { type: 'file'; oid: string; size: number; path: string; lfs?: ReturnType<typeof lfsOf> }
  | { type: 'directory'; oid: string; size: 0; path: string }
) & { lastCommit?: LastCommit };

function fileEntry(file: RepoFile, lastCommit: LastCommit | undefined): TreeEntry {
  const lfs = lfsOf(file);
  return {
    type: 'file',
    oid: file.oid,
    size: file.size,
    path: file.path,
    ...(lfs ? { lfs } : {}),
    ...(lastCommit ? { lastCommit } : {}),
  };
}

function directoryEntry(path: string, lastCommit: LastCommit | undefined): TreeEntry {
  const oid = createHash('sha1').update(`tree ${path}`).digest('hex');
  return { type: 'directory', oid, size: 0, path, ...(lastCommit ? { lastCommit } : {}) };
}

/**
 * Entries under `path` ('' = root); undefined when `path` is not a directory of the snapshot. `lastCommit`:
 * each entry's, when the client asked for `expand` (lastCommitOf).
 */
export function treeJson(
  files: Iterable<RepoFile>,
  path: string,
  recursive: boolean,
  lastCommit?: LastCommit,
): TreeEntry[] | undefined {
  const prefix = path === '' ? '' : `${path}/`;
  const directories = new Set<string>();
  const entries: TreeEntry[] = [];
  let found = path === '';
  for (const file of files) {
    if (!file.path.startsWith(prefix)) continue;
    found = true;
    const rest = file.path.slice(prefix.length).split('/');
    const depth = recursive ? rest.length - 1 : Math.min(rest.length - 1, 1);
    for (let i = 1; i <= depth; i++) directories.add(prefix + rest.slice(0, i).join('/'));
    if (recursive || rest.length === 1) entries.push(fileEntry(file, lastCommit));
  }
  if (!found) return undefined;
  const dirs = [...directories].sort().map((directory) => directoryEntry(directory, lastCommit));
  return [...dirs, ...entries].sort(byPath);
}

/**
 * paths-info: the listed files and directories that exist (missing paths are omitted, like the Hub), each with
 * `lastCommit` when given (the client asked for `expand`).
 */
export function pathsInfoJson(
  files: ReadonlyMap<string, RepoFile>,
  paths: string[],
  lastCommit?: LastCommit,
): TreeEntry[] {
  const out: TreeEntry[] = [];
  for (const path of new Set(paths)) {
    const file = files.get(path);
    if (file) out.push(fileEntry(file, lastCommit));
    else if ([...files.keys()].some((key) => key.startsWith(`${path}/`)))
      out.push(directoryEntry(path, lastCommit));
  }
  return out;
}

/**
 * Whether a boolean flag of a request (`blobs`, `recursive`, `expand` of a query; `expand` of a paths-info body) is
 * set: `true` as JSON sends it (JS), `true` or `True` as a query or form field (JS and huggingface_hub on httpx;
 * huggingface_hub on requests, before 1.0, sends `True`).
 */
export function isTrueFlag(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** A paths-info body: JSON `{paths: [...], expand}` or a form `paths=a&paths=b&expand=True`. */
export function pathsInfoBody(
  body: Buffer | undefined,
  contentType: string | undefined,
): { paths: string[]; expand: boolean } {
  const text = body?.toString('utf8') ?? '';
  if (contentType?.includes('json')) {
    try {
      const data = JSON.parse(text) as { paths?: unknown; expand?: unknown };
      const paths = Array.isArray(data.paths)
        ? data.paths
        : typeof data.paths === 'string'
          ? [data.paths]
          : [];
      return {
        paths: paths.filter((path): path is string => typeof path === 'string'),
        expand: isTrueFlag(data.expand),
      };
    } catch {
      return { paths: [], expand: false };
    }
  }
  const form = new URLSearchParams(text);
  return { paths: form.getAll('paths'), expand: isTrueFlag(form.get('expand')) };
}

/**
 * The refs answer from the cache's `refs/` files: pull requests (`refs/pr/<n>`, only when asked, named by
 * number as the Hub names them), the names the upstream called tags (`tags`, tag-store.ts) as tags, and every
 * other name as a branch — the cache itself does not say which names were tags. `refs/HEAD` and a short commit's
 * ref (huggingface_hub writes one for a download by short commit, and earlier mirrors did) are no branch:
 * left out.
 */
export function refsJson(
  refs: ReadonlyMap<string, string>,
  includePullRequests: boolean,
  tags: ReadonlySet<string> = new Set(),
): object {
  const entries = [...refs].sort(([a], [b]) => compareCodeUnits(a, b));
  const named = entries.filter(
    ([name, commit]) => !name.startsWith('refs/') && name !== 'HEAD' && !isShortCommitOf(name, commit),
  );
  return {
    branches: named
      .filter(([name]) => !tags.has(name))
      .map(([name, commit]) => ({ name, ref: `refs/heads/${name}`, targetCommit: commit })),
    converts: [],
    tags: named
      .filter(([name]) => tags.has(name))
      .map(([name, commit]) => ({ name, ref: `refs/tags/${name}`, targetCommit: commit })),
    ...(includePullRequests ? { pullRequests: pullRequestsJson(entries) } : {}),
  };
}

/** The refs answer's pull requests (`refs/pr/<n>` refs, named by number as the Hub names them). */
export function pullRequestsJson(
  refs: Iterable<readonly [string, string]>,
): { name: string; ref: string; targetCommit: string }[] {
  return [...refs].flatMap(([ref, commit]) => {
    const number = pullRequestNumber(ref);
    return number === undefined ? [] : [{ name: String(number), ref, targetCommit: commit }];
  });
}
