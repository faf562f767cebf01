/**
 * Search the Hugging Face Hub from the Models page: query, models/datasets switch, tag filter and sort.
 * The server does the Hub calls (GET /api/hub/search); results page on with "Load more". The page's own
 * list (installed and suggested models) stays below, searching or not (rendered by the caller). What it asks
 * for comes from the caller, which keeps it in the page's address so that Back and reload find it again.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { HubSearchResult, HubSearchSort } from '../../../../src/api-types.js';
import type { HubSearchParams } from '../../api/client.js';
import { messageOf } from '../../api/errors.js';
import { FIELD_LABELS } from '../../api/field-labels.js';
import { licenseOfTags, repoPageHref, searchResultHere } from '../../format/hub-values.js';
import { formatCount, formatDay } from '../../format/units.js';
import { Link } from '../../router.js';
import { useLive } from '../../state/live-store.js';
import { type HubSearchFields, SEARCH_SORTS, SEARCH_TAGS, searchesHub } from '../../state/models-address.js';
import { TYPING_PAUSE_MS } from '../../state/typing-pause.js';
import './hub.css';

const PAGE_SIZE = 20;

interface Results {
  key: string;
  items: HubSearchResult[];
  nextCursor: string | null;
}

export function HubSearch({
  fields,
  onChange,
}: {
  /** Query, repo type, tag and sort: the page keeps them in its address (state/models-address.ts). */
  fields: HubSearchFields;
  onChange: (change: Partial<HubSearchFields>) => void;
}) {
  const { api } = useLive();
  const { q: query, type, tag: filter, sort } = fields;
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const latest = useRef('');
  const statusId = useId();

  const params: HubSearchParams = {
    type,
    q: query.trim(),
    sort,
    limit: PAGE_SIZE,
    ...(filter && type === 'model' ? { filter } : {}),
  };
  const key = JSON.stringify(params);
  const searching = searchesHub(fields);
  // The results shown are of what was asked before (a query typed on, a tag changed): kept in place until
  // the new ones come, rather than emptying the list at every keystroke, but said to be outdated.
  const outdated = results !== null && results.key !== key;

  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for params.
  useEffect(() => {
    latest.current = key;
    if (!searching) {
      setResults(null);
      setError(null);
      return;
    }
    const timer = setTimeout(() => {
      setLoading(true);
      api.hubSearch(params).then(
        (page) => {
          if (latest.current !== key) return;
          setResults({ key, items: page.items, nextCursor: page.nextCursor });
          setError(null);
          setLoading(false);
        },
        (failure: unknown) => {
          if (latest.current !== key) return;
          setError(messageOf(failure));
          setResults(null);
          setLoading(false);
        },
      );
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [key, api]);

  const loadMore = async () => {
    if (!results?.nextCursor) return;
    setLoading(true);
    try {
      const page = await api.hubSearch({ ...params, cursor: results.nextCursor });
      if (latest.current !== results.key) return;
      setResults({ key: results.key, items: [...results.items, ...page.items], nextCursor: page.nextCursor });
      setError(null);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setLoading(false);
    }
  };

  return (
    <section className="card hub-search" aria-labelledby="hub-search-title">
      <h2 id="hub-search-title" className="card__title">
        Find models
      </h2>
      <div className="hub-search__controls">
        <label className="field hub-search__query">
          <span className="visually-hidden">{FIELD_LABELS.q}</span>
          <input
            type="search"
            placeholder="Search the Hugging Face Hub…"
            value={query}
            aria-describedby={statusId}
            onChange={(event) => onChange({ q: event.target.value })}
          />
        </label>
        <fieldset className="segmented">
          <legend className="visually-hidden">Repository type</legend>
          {(['model', 'dataset'] as const).map((value) => (
            <label
              key={value}
              className={`segmented__option${type === value ? ' segmented__option--on' : ''}`}
            >
              <input
                type="radio"
                name="hub-search-type"
                value={value}
                checked={type === value}
                onChange={() => onChange({ type: value })}
              />
              {value === 'model' ? 'Models' : 'Datasets'}
            </label>
          ))}
        </fieldset>
        {type === 'model' ? (
          <label className="field field--inline">
            <span className="visually-hidden">Tag</span>
            <select value={filter} onChange={(event) => onChange({ tag: event.target.value })}>
              {SEARCH_TAGS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="field field--inline">
          <span className="visually-hidden">Sort by</span>
          <select value={sort} onChange={(event) => onChange({ sort: event.target.value as HubSearchSort })}>
            {SEARCH_SORTS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p id={statusId} className="muted small hub-search__status" role="status">
        {!searching
          ? `Type to search models and datasets on the Hub${type === 'model' ? ', or pick a tag to browse it' : ''}. Installed and suggested models are listed below.`
          : (loading && !results) || outdated
            ? 'Searching…'
            : results
              ? `${results.items.length}${results.nextCursor ? '+' : ''} result${results.items.length === 1 ? '' : 's'}`
              : ''}
      </p>
      {error ? (
        <p className="callout callout--danger" role="alert">
          {error}
        </p>
      ) : null}
      {searching && results ? (
        <>
          {results.items.length === 0 && !outdated ? (
            <p className="muted">Nothing on the Hub matches.</p>
          ) : null}
          <ul
            className={`hub-results${outdated ? ' hub-results--outdated' : ''}`}
            aria-label="Search results"
            aria-busy={outdated}
          >
            {results.items.map((item) => (
              <HubResult key={`${item.repoType}:${item.repoId}`} item={item} />
            ))}
          </ul>
          {results.nextCursor && !outdated ? (
            <div className="hub-search__more">
              <button type="button" className="button" disabled={loading} onClick={() => void loadMore()}>
                {loading ? 'Loading…' : 'Load more'}
              </button>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function HubResult({ item }: { item: HubSearchResult }) {
  const license = licenseOfTags(item.tags);
  const here = searchResultHere(item);
  return (
    <li className="hub-result">
      <div className="hub-result__title">
        <Link to={repoPageHref(item.repoType, item.repoId)} className="hub-result__name mono">
          {item.repoId}
        </Link>
        {item.installed ? <span className="chip chip--success">installed</span> : null}
        {item.gated ? <span className="chip chip--warning">gated</span> : null}
        {item.private ? <span className="chip chip--neutral">private</span> : null}
      </div>
      <p className="hub-result__meta">
        {here ? <span className="hub-result__here">{here}</span> : null}
        {item.pipelineTag ? <span>{item.pipelineTag}</span> : null}
        {item.libraryName ? <span>{item.libraryName}</span> : null}
        {license ? <span>license {license}</span> : null}
        <span className="num" title="Downloads">
          <span aria-hidden="true">↓ </span>
          {formatCount(item.downloads)}
          <span className="visually-hidden"> downloads</span>
        </span>
        <span className="num" title="Likes">
          <span aria-hidden="true">♥ </span>
          {formatCount(item.likes)}
          <span className="visually-hidden"> likes</span>
        </span>
        <span className="num" title="Last modified">
          <span className="visually-hidden">updated </span>
          {formatDay(item.lastModified)}
        </span>
      </p>
    </li>
  );
}
