/** Recursive tree listing at a commit, following `Link rel="next"` pagination (docs/hub-protocol.md §2.2). */
import { HubgetError } from '../errors.js';
import { type HubCallOptions, type HubSource, hubJson } from './hub-request.js';
import type { HubConfig, RepoFile, RepoRef } from './types.js';
import { treeUrl } from './urls.js';

interface TreeEntry {
  type?: unknown;
  path?: unknown;
  size?: unknown;
  oid?: unknown;
  lfs?: { oid?: unknown; size?: unknown } | null;
  xetHash?: unknown;
}

const MAX_PAGES = 100_000;

/** `<url>; rel="next"` from a Link header (absolute or relative to the current page). */
export function nextPageUrl(link: string | string[] | undefined, currentUrl: string): string | undefined {
  const text = Array.isArray(link) ? link.join(',') : link;
  if (!text) return undefined;
  for (const part of text.split(/,(?=\s*<)/)) {
    const match = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (match && /\brel\s*=\s*"?next"?/i.test(match[2]!)) return new URL(match[1]!, currentUrl).href;
  }
  return undefined;
}

function toRepoFile(entry: TreeEntry, url: string): RepoFile {
  const file = repoFileOfEntry(entry);
  if (file === undefined) {
    throw new HubgetError(
      'HUB_HTTP_ERROR',
      `Unexpected tree entry from ${url}: ${JSON.stringify(entry).slice(0, 200)}`,
    );
  }
  return file;
}

/**
 * A tree entry's file (path, size, oid, LFS and Xet hashes; a RepoFile written as JSON has the same fields),
 * or undefined when the entry lacks them.
 */
export function repoFileOfEntry(entry: unknown): RepoFile | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { path, size, oid, lfs, xetHash } = entry as TreeEntry;
  if (typeof path !== 'string' || typeof size !== 'number' || typeof oid !== 'string') return undefined;
  const file = repoFile(
    path,
    size,
    oid,
    lfs && typeof lfs.oid === 'string' ? { oid: lfs.oid, size: lfs.size } : undefined,
  );
  if (typeof xetHash === 'string') file.xetHash = xetHash;
  return file;
}

/**
 * One listed file (the tree's entry or the revision info's sibling): for an LFS file the listed size is the
 * real content size; `lfs.size` wins if they ever differ (docs/hub-downloaders.md §7 Q6).
 */
export function repoFile(
  path: string,
  size: number,
  oid: string,
  lfs?: { oid: string; size?: unknown },
): RepoFile {
  const file: RepoFile = { path, size, oid };
  if (lfs) {
    file.lfs = { oid: lfs.oid, size: Number.isSafeInteger(lfs.size) ? (lfs.size as number) : size };
    file.size = file.lfs.size;
  }
  return file;
}

export interface ListRepoFilesParams extends HubCallOptions {
  /** Read at each attempt when a function: the first page's URL is built on the endpoint in effect then. */
  hub: HubSource;
  repo: RepoRef;
  commit: string;
}

/** Every file (no directories) of `repo` at `commit`, in listing order. */
export async function listRepoFiles(params: ListRepoFilesParams): Promise<RepoFile[]> {
  const { hub, repo, commit, ...options } = params;
  const files: RepoFile[] = [];
  const seen = new Set<string>();
  const firstPage = (now: HubConfig) =>
    treeUrl(now.endpoint, repo, commit, { recursive: true, expand: false });
  // The first page's URL follows the endpoint (a function of the settings each attempt reads); the next pages
  // are the URLs the Hub's Link header names.
  let page: string | ((now: HubConfig) => string) | undefined = firstPage;
  while (page) {
    if (typeof page === 'string' && (seen.has(page) || seen.size >= MAX_PAGES)) {
      throw new HubgetError(
        'HUB_HTTP_ERROR',
        `The tree listing of ${repo.repoId} paginates in a loop (${page})`,
      );
    }
    const { data, response } = await hubJson<unknown>(hub, page, {
      ...options,
      context: { repo, revision: commit },
    });
    const url = response.url;
    seen.add(url);
    if (!Array.isArray(data)) {
      throw new HubgetError('HUB_HTTP_ERROR', `The tree listing of ${repo.repoId} is not a JSON array`);
    }
    for (const entry of data as TreeEntry[]) {
      if (entry && entry.type === 'file') files.push(toRepoFile(entry, url));
    }
    page = nextPageUrl(response.headers.link, url);
  }
  return files;
}
