/**
 * Revision → commit and file listing: the revision info with `blobs=true` (§2.1) names the commit and, for a
 * repo of up to SIBLINGS_LISTING_MAX files, every file with its size and hashes, in one call; a bigger (or
 * incompletely described) repo is listed by the tree at that commit (§2.2, §2.4).
 */
import { HubgetError } from '../errors.js';
import { commitListings } from './commit-listings.js';
import { isGitOid, isSha256Hex } from './hex-ids.js';
import { type HubCallOptions, type HubSource, hubJson, hubNow } from './hub-request.js';
import { listRepoFiles, repoFile } from './list-files.js';
import { isFullCommit } from './repo-id.js';
import type { HubConfig, RepoFile, RepoRef, ResolvedSnapshot } from './types.js';
import { revisionInfoUrl } from './urls.js';

export interface RepoInfo {
  /** Full commit the revision points at. */
  commit: string;
  /** `false`, or the gating mode (`auto` / `manual`). */
  gated: false | string;
  private: boolean;
  /**
   * A file of the revision, from `siblings`: the first with a plain relative path (no `..`, `.` or empty
   * segment, no backslash), which a HEAD of `/resolve/` may name (gated-access.ts); null when the answer lists none.
   */
  someFile: string | null;
  /**
   * The files `siblings` names, by path: files of the revision, but all of them only when `siblingsListAll`.
   */
  siblingPaths: string[];
  /**
   * `siblings` can be the listing (1–SIBLINGS_LISTING_MAX entries, as for resolveSnapshot); else only the tree
   * lists every file (listRevisionPaths).
   */
  siblingsListAll: boolean;
}

/**
 * At most this many files are taken from the revision info's `siblings`; a bigger repo is listed by the tree.
 * huggingface_hub 1.17–1.21 took its listing from `siblings` up to the same count (docs/hub-protocol.md
 * §2.1, §2.4; 1.22 lists by the tree always, for its offline tree cache).
 */
export const SIBLINGS_LISTING_MAX = 1000;

interface Sibling {
  rfilename?: unknown;
  size?: unknown;
  blobId?: unknown;
  lfs?: { sha256?: unknown; size?: unknown } | null;
}

/**
 * The files of `siblings` (revision info with `blobs=true`), or undefined when the tree must list them:
 * none (an empty repo, or one too big for the Hub to list them), more than SIBLINGS_LISTING_MAX, or any
 * entry without its size and hashes (a server that ignored `blobs=true`).
 */
export function filesOfSiblings(siblings: unknown): RepoFile[] | undefined {
  if (!Array.isArray(siblings) || siblings.length === 0 || siblings.length > SIBLINGS_LISTING_MAX)
    return undefined;
  const files: RepoFile[] = [];
  for (const sibling of siblings as Sibling[]) {
    const { rfilename, size, blobId, lfs } = sibling ?? {};
    if (typeof rfilename !== 'string' || !Number.isSafeInteger(size) || typeof blobId !== 'string')
      return undefined;
    if (!isGitOid(blobId)) return undefined;
    if (lfs && (typeof lfs.sha256 !== 'string' || !isSha256Hex(lfs.sha256))) return undefined;
    files.push(
      repoFile(
        rfilename,
        size as number,
        blobId,
        lfs ? { oid: lfs.sha256 as string, size: lfs.size } : undefined,
      ),
    );
  }
  return files;
}

export interface RepoRevisionParams extends HubCallOptions {
  hub: HubConfig;
  repo: RepoRef;
  /** Branch, tag or commit. @default 'main' */
  revision?: string;
}

/** RepoRevisionParams whose `hub` may be read at each attempt (a running job's plan, resolveSnapshot). */
export interface LiveRevisionParams extends Omit<RepoRevisionParams, 'hub'> {
  hub: HubSource;
}

/** A plain relative path (no `..`, `.` or empty segment, no backslash): one a HEAD of `/resolve/` may name. */
export function isPlainPath(path: string): boolean {
  return (
    !path.includes('\\') && path.split('/').every((part) => part !== '' && part !== '.' && part !== '..')
  );
}

function someFileOf(siblings: unknown): string | null {
  if (!Array.isArray(siblings)) return null;
  for (const sibling of siblings as Sibling[]) {
    const path = sibling?.rfilename;
    if (typeof path === 'string' && isPlainPath(path)) return path;
  }
  return null;
}

function pathsOfSiblings(siblings: unknown): Pick<RepoInfo, 'siblingPaths' | 'siblingsListAll'> {
  if (!Array.isArray(siblings)) return { siblingPaths: [], siblingsListAll: false };
  const paths = (siblings as Sibling[]).map((sibling) => sibling?.rfilename);
  const siblingPaths = paths.filter((path) => typeof path === 'string');
  const siblingsListAll =
    siblingPaths.length === paths.length && paths.length > 0 && paths.length <= SIBLINGS_LISTING_MAX;
  return { siblingPaths, siblingsListAll };
}

/**
 * Every file path of the revision `info` was asked of, at its commit: the siblings when they are the listing,
 * else the tree at the commit (§2.2; pages of 1 000 entries). `files`, with their sizes, when they are known:
 * the siblings of an answer with blobs (`siblingFiles`, getRepoInfoAndFiles), or the tree.
 */
export async function listRevisionPaths(
  params: Omit<RepoRevisionParams, 'revision'>,
  info: Pick<RepoInfo, 'commit' | 'siblingPaths' | 'siblingsListAll'>,
  siblingFiles?: RepoFile[],
): Promise<{ paths: string[]; files: RepoFile[] | undefined }> {
  if (siblingFiles !== undefined)
    return { paths: siblingFiles.map((file) => file.path), files: siblingFiles };
  if (info.siblingsListAll) return { paths: info.siblingPaths, files: undefined };
  const files = await listRepoFiles({ ...params, commit: info.commit });
  return { paths: files.map((file) => file.path), files };
}

/** `GET /api/{type}s/{repo}/revision/{rev}` → commit, gated, private, a file. */
export async function getRepoInfo(params: RepoRevisionParams): Promise<RepoInfo> {
  return (await revisionInfo(params, false)).info;
}

/**
 * The same answer with `blobs=true`: also every file with its size when the siblings are the listing (a repo
 * of up to SIBLINGS_LISTING_MAX files: filesOfSiblings), in the one call.
 */
export function getRepoInfoAndFiles(
  params: RepoRevisionParams,
): Promise<{ info: RepoInfo; files: RepoFile[] | undefined }> {
  return revisionInfo(params, true);
}

/** The revision info; with `blobs`, also the files its siblings describe (filesOfSiblings). */
async function revisionInfo(
  params: LiveRevisionParams,
  blobs: boolean,
): Promise<{ info: RepoInfo; files: RepoFile[] | undefined }> {
  const { hub, repo, revision = 'main', ...options } = params;
  const urlOn = (now: HubConfig) =>
    `${revisionInfoUrl(now.endpoint, repo, revision)}${blobs ? '?blobs=true' : ''}`;
  const { data, response } = await hubJson<{
    sha?: unknown;
    gated?: unknown;
    private?: unknown;
    siblings?: unknown;
  }>(hub, urlOn, { ...options, context: { repo, revision } });
  const { url } = response;
  if (typeof data?.sha !== 'string' || !isFullCommit(data.sha)) {
    throw new HubgetError(
      'HUB_HTTP_ERROR',
      `The Hub did not return a commit for ${repo.repoId}@${revision}`,
      {
        details: { url },
      },
    );
  }
  const info: RepoInfo = {
    commit: data.sha,
    gated:
      typeof data.gated === 'string' && data.gated !== ''
        ? data.gated
        : data.gated === true
          ? 'manual'
          : false,
    private: data.private === true,
    someFile: someFileOf(data.siblings),
    ...pathsOfSiblings(data.siblings),
  };
  return { info, files: blobs ? filesOfSiblings(data.siblings) : undefined };
}

/**
 * Pin `revision` to a commit and list its files at that commit, so a branch moving during the download cannot
 * mix versions (docs/hub-downloaders.md §6.8): the listing comes from the same answer that named the commit, or from
 * the tree at that commit. A full 40-hex commit skips the revision call (§2.4 step 1): the tree alone is one call too.
 */
export async function resolveSnapshot(params: LiveRevisionParams): Promise<ResolvedSnapshot> {
  const { hub, repo, revision = 'main', ...options } = params;
  if (isFullCommit(revision)) {
    // Shared by every plan of this commit for a few minutes (commit-listings.ts), found by the settings in
    // effect as it starts (its retries follow changed ones: a commit lists the same files wherever it is);
    // not tied to this caller's signal, which ends only its own wait.
    const { signal, ...shared } = options;
    const files = await commitListings.get(
      hubNow(hub),
      repo,
      revision,
      () => listRepoFiles({ ...shared, hub, repo, commit: revision }),
      signal,
    );
    return { repo, revision, commit: revision, files: [...files] };
  }
  const { info, files } = await revisionInfo({ ...options, hub, repo, revision }, true);
  const { commit } = info;
  const listed = files ?? (await listRepoFiles({ ...options, hub, repo, commit }));
  return { repo, revision, commit, files: listed, gated: info.gated !== false };
}
