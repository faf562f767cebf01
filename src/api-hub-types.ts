/**
 * The HTTP API's shapes for browsing the Hub (GET /api/hub/search, GET /api/hub/repos/…): what the search
 * list and a repo's page show. Part of the API types (src/api-types.ts re-exports them), kept apart by topic.
 * Plain types, no runtime imports, so web/ can import them directly.
 */

import type { ApiRepoType, InstalledModel } from './api-types.js';
import type { GatedDenial } from './hub/gated-denial.js';

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

/** One search result: the Hub's fields and whether hubget has it installed. */
export interface HubSearchResult extends HubSearchItem {
  /** Some revision of it is in the HF cache. */
  installed: boolean;
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
   * Not `onDisk`: the bytes of it an unfinished download into the HF cache holds (a paused or failed job's temp
   * file, another program's partial download: the plan's `partialBytes`), which a download resumes from rather
   * than fetching; 0 when none.
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
  fits: FitHintView;
}

export interface GgufView {
  quants: GgufQuantView[];
  mmproj: { path: string; size: number }[];
  defaultQuant: string | null;
  defaultMmproj: string | null;
  /** Small non-weight files that come along with any quantization (README, config, tokenizer). */
  smallFiles: string[];
}

/** GET /api/hub/repos/{type}/{org}/{name}: what the model page shows. */
export interface RepoPageResponse {
  repoId: string;
  repoType: ApiRepoType;
  revision: string;
  commit: string;
  gated: false | string;
  /** Gated, and the Hub refuses this token (or no token) its files: a download cannot succeed yet. */
  accessDenied: boolean;
  /**
   * With `accessDenied`, why: no token set, a token the Hub did not accept (invalid or expired), or a token
   * whose account has no access yet (src/hub/gated-denial.ts); null otherwise.
   */
  accessDenial: GatedDenial | null;
  private: boolean;
  lastModified: string | null;
  downloads: number;
  likes: number;
  pipelineTag: string | null;
  libraryName: string | null;
  tags: string[];
  files: RepoPageFile[];
  totalBytes: number;
  branches: { name: string; commit: string }[];
  /** Git tags (the revision picker offers them after the branches). */
  gitTags: { name: string; commit: string }[];
  /** Pull requests, newest first (at most 100): `name` is the revision to ask for, e.g. `refs/pr/7`. */
  pullRequests: { name: string; commit: string }[];
  readme: { text: string; truncated: boolean } | null;
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
