// @vitest-environment jsdom
/**
 * The Hub search while a new query is on its way: the previous results stay in place (no list emptied at
 * each keystroke) but are not passed off as the new query's: the status says "Searching…" and the list is
 * marked busy until the answer comes.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubSearchResponse, HubSearchResult } from '../../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../../test/support/web/api-server.js';
import { liveRoutes } from '../../../../test/support/web/live-routes.js';
import { renderLive } from '../../../../test/support/web/render-live.js';
import type { HubSearchParams } from '../../api/client.js';
import type { HubSearchFields } from '../../state/models-address.js';
import { HubSearch } from './hub-search.js';

const item = (repoId: string): HubSearchResult =>
  ({
    repoId,
    repoType: 'model',
    author: repoId.split('/')[0],
    downloads: 1,
    likes: 0,
    lastModified: '2026-01-01T10:00:00Z',
    pipelineTag: null,
    libraryName: null,
    tags: [],
    gated: false,
    private: false,
    installed: false,
    copies: [],
    installedQuants: [],
  }) as HubSearchResult;

function Harness() {
  const [fields, setFields] = useState<HubSearchFields>({ q: '', type: 'model', tag: '', sort: 'downloads' });
  return <HubSearch fields={fields} onChange={(change) => setFields((now) => ({ ...now, ...change }))} />;
}

describe('HubSearch while a new query is searched', () => {
  let server: ScriptedApi;
  let answerLater: (page: HubSearchResponse) => void = () => {};

  beforeEach(async () => {
    server = await startScriptedApi({
      ...liveRoutes(),
      'GET /api/hub/search': () => ({
        body: { items: [item('org/llama-one'), item('org/llama-two')], nextCursor: 'next' },
      }),
    });
  });
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('says Searching… over the previous results, marked busy, until the new answer replaces them', async () => {
    // "llama" answers at once; "llama zzz" is held until the test answers it.
    const api = {
      ...server.api,
      hubSearch: (params: HubSearchParams) =>
        params.q === 'llama zzz'
          ? new Promise<HubSearchResponse>((resolve) => {
              answerLater = resolve;
            })
          : server.api.hubSearch(params),
    };
    renderLive(api, <Harness />);
    const field = screen.getByLabelText('Search the Hugging Face Hub');
    const status = () => screen.getByRole('status').textContent;
    const list = () => screen.getByRole('list', { name: 'Search results' });

    fireEvent.change(field, { target: { value: 'llama' } });
    await waitFor(() => expect(status()).toBe('2+ results'));
    expect(list().getAttribute('aria-busy')).toBe('false');
    expect(screen.getByRole('button', { name: 'Load more' })).toBeTruthy();

    fireEvent.change(field, { target: { value: 'llama zzz' } });
    // Before and after the debounce, while the Hub has not answered: not "2+ results" of another query.
    expect(status()).toBe('Searching…');
    expect(list().getAttribute('aria-busy')).toBe('true');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(status()).toBe('Searching…');
    expect(screen.getByRole('link', { name: 'org/llama-one' })).toBeTruthy();
    expect(screen.queryByText('Nothing on the Hub matches.')).toBeNull();
    // No "Load more" of the previous query's results.
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();

    answerLater({ items: [], nextCursor: null });
    await waitFor(() => expect(status()).toBe('0 results'));
    expect(screen.getByText('Nothing on the Hub matches.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'org/llama-one' })).toBeNull();
  });
});

describe('HubSearch: what of a result is here', () => {
  let server: ScriptedApi;
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('names the quantizations here and where: the HF cache and the folders', async () => {
    const here: HubSearchResult = {
      ...item('org/tiny-gguf'),
      installed: true,
      copies: [
        { location: 'cache', localFolder: null },
        { location: 'local', localFolder: 'tiny' },
      ],
      installedQuants: ['Q2_K', 'Q6_K'],
    };
    server = await startScriptedApi({
      ...liveRoutes(),
      'GET /api/hub/search': () => ({ body: { items: [here, item('org/other')], nextCursor: null } }),
    });
    renderLive(server.api, <Harness />);
    fireEvent.change(screen.getByLabelText('Search the Hugging Face Hub'), { target: { value: 'tiny' } });
    const list = await screen.findByRole('list', { name: 'Search results' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    const [first, second] = within(list).getAllByRole('listitem');
    expect(within(first!).getByText('installed')).toBeTruthy();
    expect(within(first!).getByText('Q2_K, Q6_K in HF cache, folder tiny')).toBeTruthy();
    expect(second!.textContent).not.toContain('in HF cache');
  });
});
