/**
 * Whether the Hub lets a token download a repo at a revision, asked as cheaply as the Hub allows: the
 * revision info (§2.1) answers whether the repo and the revision exist for this token (404 RepoNotFound or
 * RevisionNotFound, or 401 RepoNotFound for a private repo without a token that can read it: thrown as those
 * errors) and whether it is gated; a gated repo lists its files to anyone, so with a token one HEAD of one of
 * its files asks `/resolve/` (gated-access.ts). One call, two for a gated repo with a token; only that HEAD
 * when a plan has read the revision info already (`revisionInfo`: the preview, the CLI's download).
 *
 * The tree (§2.2, a page per 1 000 files) is listed only when the revision info's `siblings` cannot tell:
 * for a gated repo whose siblings name no file to ask `/resolve/` about, and for `keep` (the download's
 * patterns) when it keeps none of the files the siblings name and they are not all the repo's files. A repo
 * with no file at all has nothing to fetch, so nothing to refuse.
 *
 * `withSize` (POST /api/downloads: a queued job shows its size) asks the revision info with `blobs=true`, the
 * same one call with each file's size, and says what the download takes when an answer listed every file
 * with its size (the siblings of a repo of up to 1 000 files, or the tree when it was listed anyway); no
 * listing is made for it.
 */
import type { HubgetError } from '../errors.js';
import { gatedRefusal } from './gated-access.js';
import {
  getRepoInfo,
  getRepoInfoAndFiles,
  isPlainPath,
  listRevisionPaths,
  type RepoRevisionParams,
} from './resolve-snapshot.js';
import type { RepoFile } from './types.js';

/** The files a download takes and their bytes: its plan's totals (plan-download.ts). */
export interface DownloadSize {
  files: number;
  bytes: number;
}

export interface DownloadAccess {
  /** Full commit the revision points at. */
  commit: string;
  gated: boolean;
  /** Gated, and `/resolve/` refuses this token (or no token): none of its files can be fetched now. */
  accessDenied: boolean;
  /**
   * When access is denied: the GATED_REPO `/resolve/` answered (or answers a request without a token), the
   * error the CLI's download stops with before it writes anything (gated-access.ts).
   */
  refusal?: HubgetError;
  /** With `keep`: whether it keeps a file of the revision; if none, how many files the revision has. */
  kept?: { any: true } | { any: false; files: number };
  /**
   * The revision's paths the answer read anyway: the siblings the revision info names, and the tree's when it
   * was listed (so not all the revision's files when neither lists them all); none after `revisionInfo`.
   */
  paths: string[];
  /** With `withSize`: the files `keep` keeps (every file without it), when an answer listed them all with sizes. */
  size?: DownloadSize;
}

export interface DownloadAccessParams extends RepoRevisionParams {
  /** The file the HEAD names (a file the download wants); else one the revision lists. */
  probePath?: string;
  /** Which files the download takes (its patterns): `kept` says whether the revision has one. */
  keep?: (path: string) => boolean;
  /**
   * The commit and gating a plan already took from the revision info: not asked again, only the HEAD of
   * `probePath` for a gated repo with a token (none: the plan has no file, nothing to fetch, nothing to refuse).
   */
  revisionInfo?: { commit: string; gated: boolean };
  /** Also `size`, from the answers the check gets anyway (the revision info asked with blobs). */
  withSize?: boolean;
}

export async function getDownloadAccess(params: DownloadAccessParams): Promise<DownloadAccess> {
  const { hub, repo, revision, probePath, keep, revisionInfo, withSize, ...options } = params;
  if (revisionInfo !== undefined && keep === undefined) {
    const { commit, gated } = revisionInfo;
    const refusal = gated ? await gatedRefusal(hub, repo, commit, probePath ?? null, options) : null;
    return { commit, gated, ...denial(refusal), paths: [] };
  }
  const asked = { ...options, hub, repo, ...(revision === undefined ? {} : { revision }) };
  const { info, files: siblingFiles } = withSize
    ? await getRepoInfoAndFiles(asked)
    : { info: await getRepoInfo(asked), files: undefined };
  const { commit } = info;
  const gated = info.gated !== false;
  let listing: ReturnType<typeof listRevisionPaths> | undefined;
  const listed = () => (listing ??= listRevisionPaths({ ...options, hub, repo }, info, siblingFiles));
  const allPaths = async () => (await listed()).paths;
  /** What was read: the tree once listed (it holds the siblings), else the siblings. */
  const paths = async () => (listing === undefined ? info.siblingPaths : (await listing).paths);

  let kept: DownloadAccess['kept'];
  if (keep !== undefined) {
    // A file the siblings name is a file of the revision: one kept is enough, without the tree.
    if (info.siblingPaths.some(keep)) kept = { any: true };
    else {
      const paths = await allPaths();
      kept = paths.some(keep) ? { any: true } : { any: false, files: paths.length };
    }
  }
  // Without a token a gated repo is denied unasked (gated-access.ts): no file to name is needed.
  const probeMissing = gated && !!hub.token && probePath === undefined && info.someFile === null;
  const probe = probePath ?? info.someFile ?? (probeMissing ? (await allPaths()).find(isPlainPath) : null);
  const refusal = gated ? await gatedRefusal(hub, repo, commit, probe ?? null, options) : null;
  const files = withSize ? (siblingFiles ?? (listing && (await listing).files)) : undefined;
  const size = files && sizeOf(keep === undefined ? files : files.filter((file) => keep(file.path)));
  return {
    commit,
    gated,
    ...denial(refusal),
    ...(kept && { kept }),
    paths: await paths(),
    ...(size && { size }),
  };
}

function sizeOf(files: readonly RepoFile[]): DownloadSize {
  return { files: files.length, bytes: files.reduce((sum, file) => sum + file.size, 0) };
}

function denial(refusal: HubgetError | null): Pick<DownloadAccess, 'accessDenied' | 'refusal'> {
  return refusal === null ? { accessDenied: false } : { accessDenied: true, refusal };
}
