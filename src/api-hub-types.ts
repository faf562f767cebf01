/**
 * The HTTP API's shapes for browsing the Hub (GET /api/hub/search, GET /api/hub/repos/…): what the search
 * list and a repo's page show. Part of the API types (src/api-types.ts re-exports them), kept apart by topic.
 * Plain types, no runtime imports, so web/ can import them directly.
 */

import type { ApiRepoType, InstalledLocation, InstalledModel } from './api-types.js';
import type { RepoRevisionFacts } from './hub/repo-details.js';

/** GET /api/hub/search: one page of Hub search results (the server calls the Hub; cached 60 s). */
export type HubSearchSort = 'downloads' | 'likes' | 'trending' | 'lastModified';

/** One Hub search result as the Hub describes it (src/hub/search.ts reads it). */
export interface HubSearchItem {
  repoId: string;
  repoType: 'model' | 'dataset';
  author: string | null;
  downloads: number;
  likes: number;
  lastModified: string | null;
  /** `false`, or the gating mode (`auto` / `manual`). */
  gated: false | string;
  private: boolean;
  /** The task, e.g. `text-generation` (models only). */
  pipelineTag: string | null;
  libraryName: string | null;
  tags: string[];
}

/**
 * One search result: the Hub's fields and what of it is here, by `hubget search`'s rule (src/models/repo-copies.ts).
 */
export interface HubSearchResult extends HubSearchItem {
  /** Some revision of it is in the HF cache, or a local-dir download under the models folder names it. */
  installed: boolean;
  /**
   * Where: the installed copy (the HF cache's first), then the other local dirs whose download names the repo
   * (`InstalledModel`'s location: the cache, or a folder relative to the models folder). Empty when not installed.
   */
  copies: InstalledLocation[];
  /** The GGUF quantizations those copies hold whole, the installed copy's first; empty for none. */
  installedQuants: string[];
}

export interface HubSearchResponse {
  items: HubSearchResult[];
  /** Pass as `cursor` for the next page ("Load more"); null on the last page. */
  nextCursor: string | null;
}

export type RepoFileGroup = 'weights' | 'config' | 'tokenizer' | 'other';

export interface RepoPageFile {
  path: string;
  size: number;
  group: RepoFileGroup;
  /** The include pattern that selects exactly this file (for POST /api/downloads). */
  pattern: string;
  /**
   * The installed copy holds it at the page's commit (src/cache/plan-on-disk.ts): a download would not
   * fetch it again.
   */
  onDisk: boolean;
  /**
   * The local dirs under the models folder whose finished download holds it (folders relative to the models folder,
   * '/'-separated, as `InstalledModel.localFolder`), by the rule a download into the HF cache copies it from one
   * instead of fetching it (`hubget info`'s, src/transfer/local-dir-copies.ts); a local-dir download of another repo
   * or one Python made counts when its record names the same content; the models folder itself, when it is a local
   * dir, is `.` (src/cache/local-dir-folder.ts MODELS_DIR_ITSELF). Empty when none does.
   */
  localDirs: string[];
  /**
   * Of `localDirs`, those that hold it at its own path, where a download of the repo into that folder writes it
   * (src/server/local-dirs-at-path.ts): the model page's Folder destination counts only these as held there. A
   * Python-made folder or another repo's may hold the same content at another path: it is in `localDirs` alone.
   */
  localDirsAtPath: string[];
  /**
   * The other repos whose folder in the HF cache holds its blob (a fork's, the repo's under its old name), which a
   * download copies instead of fetching (`hubget info`'s `cached as`, src/transfer/other-repo-blobs.ts). Empty when
   * none does.
   */
  cachedAs: string[];
  /**
   * Neither `onDisk` nor in a local dir nor `cachedAs`: the bytes of it an unfinished download into the HF cache holds (a paused or failed job's temp
   * file, another program's partial download there, or the other layout's in a local dir: the plan's
   * `partialBytes`), which a download resumes from rather than fetching; 0 when none.
   */
  partialBytes: number;
}

export interface FitHintView {
  disk: boolean;
  memory: 'gpu' | 'ram' | 'none';
}

export interface GgufQuantView {
  name: string;
  files: string[];
  totalBytes: number;
  shards: number;
  /**
   * Whether it fits: `disk`, what of it the HF cache lacks (less what unfinished downloads hold) in the cache's free
   * disk; `memory`, the whole of it (src/catalog/fit-hint.ts).
   */
  fits: FitHintView;
  /** The local dirs that hold every file of it (`RepoPageFile.localDirs`); empty when none does. */
  localDirs: string[];
  /** The other repos whose HF cache folder holds every file of it (`RepoPageFile.cachedAs`); empty when none does. */
  cachedAs: string[];
}

export interface GgufView {
  quants: GgufQuantView[];
  mmproj: { path: string; size: number }[];
  defaultQuant: string | null;
  defaultMmproj: string | null;
  /** Small non-weight files that come along with any quantization (README, config, tokenizer). */
  smallFiles: string[];
}

/**
 * GET /api/hub/repos/{type}/{org}/{name}: what the model page shows. The repo's facts at the revision (commit,
 * gating and access, counts, tags, card) are the Hub client's as they are: RepoRevisionFacts
 * (src/hub/repo-details.ts), defined there once; the rest is the server's.
 */
export interface RepoPageResponse extends RepoRevisionFacts {
  repoId: string;
  repoType: ApiRepoType;
  files: RepoPageFile[];
  totalBytes: number;
  branches: { name: string; commit: string }[];
  /** Git tags (the revision picker offers them after the branches). */
  gitTags: { name: string; commit: string }[];
  /** Pull requests, newest first (at most 100): `name` is the revision to ask for, e.g. `refs/pr/7`. */
  pullRequests: { name: string; commit: string }[];
  /** Null when the repo has no GGUF quantization. */
  gguf: GgufView | null;
  installed: InstalledModel | null;
  freeDiskBytes: number;
  totalRamBytes: number;
  gpuMemoryBytes: number | null;
}

/** POST /api/hub/whoami body: the token to check before saving it; omitted = the stored one. */
export interface WhoAmIRequest {
  token?: string;
}

/** POST /api/hub/whoami: whom the Hub says the token belongs to (never the token itself). */
export interface HubAccountView {
  /** The account name, e.g. `alice`. */
  name: string;
  fullname: string | null;
  /** `user` or `org`. */
  type: string;
  /** The token's name on the Hub, when it says. */
  tokenName: string | null;
  /** `read`, `write` or `fineGrained`, when it says. */
  tokenRole: string | null;
}
