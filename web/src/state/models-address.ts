/**
 * The Model Manager's Hub search (query, repo type, tag, sort) and its list's filter and Show in the page's
 * address (`/?q=llama&tag=gguf`, `/models?filter=tiny&show=installed`), so that Back from a repo's page and
 * a reload find them as they were. The address is where they live: the page reads them from it on load and on
 * every navigation (popstate included) and writes them back as they change. Typing replaces the current
 * history entry (Back is not one entry per keystroke); a new search, a query typed into an empty field (or a
 * tag chosen with no query), pushes one, so Back from the results returns to the page without them. A field at its default is left out of the
 * address, and a value the page does not offer (a hand-edited `?sort=x`) reads as the default.
 */
import type { HubSearchSort } from '../../../src/api-types.js';
import { setAddressSearch, useLocation } from '../router.js';
import { STATUS_FILTER_TITLES, type StatusFilter } from './model-entries.js';

/** The tags the search offers (`''`: any). */
export const SEARCH_TAGS: readonly { value: string; label: string }[] = [
  { value: '', label: 'Any tag' },
  { value: 'gguf', label: 'GGUF' },
  { value: 'text-generation', label: 'Text generation' },
  { value: 'diffusers', label: 'Diffusers' },
  { value: 'transformers', label: 'Transformers' },
];

/** The sorts the search offers, the first the default. */
export const SEARCH_SORTS: readonly { value: HubSearchSort; label: string }[] = [
  { value: 'downloads', label: 'Most downloads' },
  { value: 'likes', label: 'Most likes' },
  { value: 'trending', label: 'Trending' },
  { value: 'lastModified', label: 'Recently updated' },
];

export type SearchRepoType = 'model' | 'dataset';

/** What the Hub search asks for. */
export interface HubSearchFields {
  q: string;
  type: SearchRepoType;
  tag: string;
  sort: HubSearchSort;
}

export interface ModelsAddress extends HubSearchFields {
  /** The list's own filter text ("Filter these models"). */
  filter: string;
  /** The list's Show select. */
  show: StatusFilter;
}

const DEFAULTS: ModelsAddress = { q: '', type: 'model', tag: '', sort: 'downloads', filter: '', show: 'all' };

/** The query parameter of each field: its own name. */
const FIELDS = Object.keys(DEFAULTS) as (keyof ModelsAddress)[];

/** The values each choice can take; text fields (q, filter) take any. */
const CHOICES: Partial<Record<keyof ModelsAddress, readonly string[]>> = {
  type: ['model', 'dataset'],
  tag: SEARCH_TAGS.map((tag) => tag.value),
  sort: SEARCH_SORTS.map((sort) => sort.value),
  show: Object.keys(STATUS_FILTER_TITLES),
};

/** The fields an address's query holds (`location.search`), each at its default when absent or not offered. */
export function readModelsAddress(search: string): ModelsAddress {
  const params = new URLSearchParams(search);
  const address: Record<string, string> = { ...DEFAULTS };
  for (const field of FIELDS) {
    const value = params.get(field);
    if (value === null) continue;
    const choices = CHOICES[field];
    if (!choices || choices.includes(value)) address[field] = value;
  }
  return address as unknown as ModelsAddress;
}

/**
 * `search` (`location.search`) with the fields of `address` in it, those at their default left out, and any
 * other parameter kept: `?q=llama&tag=gguf`, or `''` when nothing is left.
 */
export function modelsAddressSearch(search: string, address: ModelsAddress): string {
  const params = new URLSearchParams(search);
  for (const field of FIELDS) {
    if (address[field] === DEFAULTS[field]) params.delete(field);
    else params.set(field, address[field]);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The Model Manager's list with its filter set (`/models?filter=org%2Fx`): every copy of a repo on one page. */
export function modelsListHref(filter: string): string {
  return `/models${modelsAddressSearch('', { ...DEFAULTS, filter })}`;
}

/**
 * Whether the Hub search shows results for these fields: a query typed, or a tag chosen for models (GGUF with
 * no query lists the most downloaded GGUF repos, as `hubget search --filter gguf` does). Else the page shows
 * only its own list.
 */
export function searchesHub(fields: Pick<HubSearchFields, 'q' | 'type' | 'tag'>): boolean {
  return fields.q.trim() !== '' || (fields.type === 'model' && fields.tag !== '');
}

/**
 * Whether going from `before` to `after` starts a new search (a query typed into an empty field, or a tag
 * chosen with none): it gets a history entry of its own.
 */
export function startsSearch(before: HubSearchFields, after: HubSearchFields): boolean {
  return !searchesHub(before) && searchesHub(after);
}

/** The Model Manager's fields as the address holds them, and how to change some of them. */
export function useModelsAddress(): [ModelsAddress, (change: Partial<ModelsAddress>) => void] {
  const { search } = useLocation();
  const change = (fields: Partial<ModelsAddress>) => {
    // The address as it is now, not as of the last render: two changes in one event both count.
    const current = window.location.search;
    const before = readModelsAddress(current);
    const after = { ...before, ...fields };
    setAddressSearch(modelsAddressSearch(current, after), startsSearch(before, after) ? 'push' : 'replace');
  };
  return [readModelsAddress(search), change];
}
