/**
 * Hub search: `GET /api/models` / `GET /api/datasets` with `search`, `author`, `filter`, `sort`,
 * `direction=-1`, `limit` and `expand[]` (the fields a result list shows), one page at a time; the next
 * page is the `cursor` of the `Link: rel="next"` header (docs/hub-protocol.md §2.2 pagination).
 */
import type { HubSearchItem } from '../api-types.js';
import { HubgetError } from '../errors.js';
import { type HubCallOptions, hubJson } from './hub-request.js';
import { nextPageUrl } from './list-files.js';
import { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from './search-limits.js';
import type { HubConfig } from './types.js';

export type SearchRepoType = 'model' | 'dataset';
export type SearchSort = 'downloads' | 'likes' | 'trending' | 'lastModified';

export const SEARCH_SORTS: readonly SearchSort[] = ['downloads', 'likes', 'trending', 'lastModified'];
export { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT };

export interface HubSearchQuery {
  repoType: SearchRepoType;
  search?: string;
  author?: string;
  /** Tags that must all match, e.g. `gguf`, `text-generation`, `diffusers`. */
  filter?: string[];
  sort?: SearchSort;
  limit?: number;
  /** Opaque cursor of the next page (from a previous HubSearchPage). */
  cursor?: string;
}

export type { HubSearchItem };

export interface HubSearchPage {
  items: HubSearchItem[];
  /** Cursor of the next page; null on the last page. */
  nextCursor: string | null;
}

const SORT_PARAM: Record<SearchSort, string> = {
  downloads: 'downloads',
  likes: 'likes',
  trending: 'trendingScore',
  lastModified: 'lastModified',
};

const EXPAND: Record<SearchRepoType, string[]> = {
  model: [
    'author',
    'downloads',
    'likes',
    'lastModified',
    'gated',
    'private',
    'pipeline_tag',
    'library_name',
    'tags',
  ],
  dataset: ['author', 'downloads', 'likes', 'lastModified', 'gated', 'private', 'tags'],
};

/** The search URL; every value goes through URLSearchParams, so odd characters never change its shape. */
export function searchUrl(endpoint: string, query: HubSearchQuery): string {
  const params = new URLSearchParams();
  if (query.search?.trim()) params.set('search', query.search.trim());
  if (query.author?.trim()) params.set('author', query.author.trim());
  for (const tag of query.filter ?? []) if (tag.trim()) params.append('filter', tag.trim());
  params.set('sort', SORT_PARAM[query.sort ?? 'downloads']);
  params.set('direction', '-1');
  params.set('limit', String(clampLimit(query.limit)));
  for (const field of EXPAND[query.repoType]) params.append('expand[]', field);
  if (query.cursor) params.set('cursor', query.cursor);
  return `${endpoint}/api/${query.repoType}s?${params}`;
}

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_SEARCH_LIMIT;
  return Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.floor(limit)));
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

function toSearchItem(raw: Record<string, unknown>, repoType: SearchRepoType): HubSearchItem | undefined {
  const repoId = text(raw.id) ?? text(raw.modelId);
  if (!repoId) return undefined;
  return {
    repoId,
    repoType,
    author: text(raw.author) ?? (repoId.includes('/') ? repoId.split('/')[0]! : null),
    downloads: count(raw.downloads),
    likes: count(raw.likes),
    lastModified: text(raw.lastModified) ?? text(raw.createdAt),
    gated:
      typeof raw.gated === 'string' && raw.gated !== '' ? raw.gated : raw.gated === true ? 'manual' : false,
    private: raw.private === true,
    pipelineTag: text(raw.pipeline_tag),
    libraryName: text(raw.library_name),
    tags: Array.isArray(raw.tags) ? raw.tags.filter((tag): tag is string => typeof tag === 'string') : [],
  };
}

/** One page of search results. */
export async function searchHub(
  hub: HubConfig,
  query: HubSearchQuery,
  options: HubCallOptions = {},
): Promise<HubSearchPage> {
  const url = searchUrl(hub.endpoint, query);
  const { data, response } = await hubJson<unknown>(hub, url, options);
  if (!Array.isArray(data)) {
    throw new HubgetError('HUB_HTTP_ERROR', `The Hub's ${query.repoType} search did not answer a JSON array`);
  }
  const items = data
    .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
    .map((entry) => toSearchItem(entry, query.repoType))
    .filter((item): item is HubSearchItem => item !== undefined);
  const next = nextPageUrl(response.headers.link, url);
  return { items, nextCursor: next ? new URL(next).searchParams.get('cursor') : null };
}
