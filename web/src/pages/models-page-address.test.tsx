// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubSearchResult, ModelListEntry } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { ModelsPage } from './models-page.js';

const model = (repoId: string, status: ModelListEntry['status']): ModelListEntry => ({
  key: `cache:model/${repoId}`,
  catalog: null,
  installed:
    status === 'installed'
      ? {
          repoId,
          repoType: 'model',
          location: 'cache',
          localFolder: null,
          path: `/cache/models--${repoId.replace('/', '--')}`,
          sizeOnDisk: 1000,
          files: 1,
          lastModified: '2026-01-01T10:00:00Z',
          revisions: [],
          quants: [],
          unfinishedFiles: 0,
          unfinishedBytes: 0,
          plan: null,
        }
      : null,
  job: null,
  activeJobs: [],
  status,
});

const result: HubSearchResult = {
  repoId: 'bartowski/Tiny-Llama-GGUF',
  repoType: 'model',
  author: 'bartowski',
  downloads: 12345,
  likes: 67,
  lastModified: '2026-01-01T10:00:00Z',
  pipelineTag: 'text-generation',
  libraryName: 'gguf',
  tags: ['gguf', 'license:apache-2.0'],
  gated: false,
  private: false,
  installed: true,
  copies: [],
  installedQuants: [],
};

const searchField = () => screen.getByLabelText('Search the Hugging Face Hub') as HTMLInputElement;
const tagField = () => screen.getByLabelText('Tag') as HTMLSelectElement;
const sortField = () => screen.getByLabelText('Sort by') as HTMLSelectElement;
const filterField = () => screen.getByLabelText('Filter these models') as HTMLInputElement;
const showField = () => screen.getByLabelText('Show') as HTMLSelectElement;
const listNames = () =>
  within(document.querySelector('ul.model-list') as HTMLElement)
    .queryAllByRole('heading')
    .map((heading) => heading.textContent);
const query = () => Object.fromEntries(new URLSearchParams(window.location.search));

describe('the Model Manager keeps its search and filters in the address', () => {
  let server: ScriptedApi;
  const searches = () =>
    server.requests
      .filter((request) => request.url.startsWith('/api/hub/search'))
      .map((request) => Object.fromEntries(new URL(request.url, 'http://x').searchParams));

  beforeEach(async () => {
    server = await startScriptedApi({
      ...liveRoutes(),
      'GET /api/models': () => ({
        body: [
          model('org/tiny-one', 'installed'),
          model('org/big-one', 'installed'),
          model('org/tiny-two', 'not-installed'),
        ],
      }),
      'GET /api/hub/search': () => ({ body: { items: [result], nextCursor: null } }),
    });
  });
  afterEach(async () => {
    cleanup();
    await server.close();
    window.history.replaceState(null, '', '/');
  });

  const open = async (address: string) => {
    window.history.replaceState(null, '', address);
    renderLive(server.api, <ModelsPage />);
    await screen.findByText('tiny-one');
  };

  it('reads the search, tag, sort, filter and Show from the address it opens at (a reload, a link)', async () => {
    await open('/?q=llama&tag=gguf&sort=likes&filter=tiny&show=installed');
    expect(searchField().value).toBe('llama');
    expect(tagField().value).toBe('gguf');
    expect(sortField().value).toBe('likes');
    expect(filterField().value).toBe('tiny');
    expect(showField().value).toBe('installed');
    expect(listNames()).toEqual(['tiny-one']);
    await screen.findByRole('link', { name: 'bartowski/Tiny-Llama-GGUF' });
    expect(searches()).toEqual([{ type: 'model', q: 'llama', sort: 'likes', limit: '20', filter: 'gguf' }]);
  });

  it('reads a value it does not offer (an address edited by hand) as the default, and the rest as given', async () => {
    await open('/models?q=llama&sort=nope&show=everything&type=space&tag=<b>');
    expect(searchField().value).toBe('llama');
    expect(sortField().value).toBe('downloads');
    expect(showField().value).toBe('all');
    expect(tagField().value).toBe('');
    expect((screen.getByLabelText('Models') as HTMLInputElement).checked).toBe(true);
    await waitFor(() =>
      expect(searches()).toEqual([{ type: 'model', q: 'llama', sort: 'downloads', limit: '20' }]),
    );
  });

  it('writes what is typed and chosen into the address: one history entry for a new search, none per keystroke', async () => {
    // A parameter the page does not own stays.
    await open('/?other=1');
    const entries = window.history.length;
    for (const text of ['l', 'll', 'lla', 'llama'])
      fireEvent.change(searchField(), { target: { value: text } });
    expect(query()).toEqual({ other: '1', q: 'llama' });
    expect(window.history.length).toBe(entries + 1);
    fireEvent.change(tagField(), { target: { value: 'gguf' } });
    fireEvent.change(sortField(), { target: { value: 'trending' } });
    fireEvent.click(screen.getByLabelText('Datasets'));
    fireEvent.change(filterField(), { target: { value: 'tiny' } });
    fireEvent.change(showField(), { target: { value: 'installed' } });
    expect(query()).toEqual({
      other: '1',
      q: 'llama',
      tag: 'gguf',
      sort: 'trending',
      type: 'dataset',
      filter: 'tiny',
      show: 'installed',
    });
    expect(window.history.length).toBe(entries + 1);
    // Back at the defaults, a field leaves the address.
    fireEvent.change(showField(), { target: { value: 'all' } });
    fireEvent.change(searchField(), { target: { value: '' } });
    expect(query()).toEqual({ other: '1', tag: 'gguf', sort: 'trending', type: 'dataset', filter: 'tiny' });
    expect(window.location.pathname).toBe('/');
  });

  it('browses the Hub by a tag with no query (GGUF: the most downloaded GGUF repos), a new search with its own entry', async () => {
    await open('/');
    const entries = window.history.length;
    fireEvent.change(tagField(), { target: { value: 'gguf' } });
    await screen.findByRole('link', { name: 'bartowski/Tiny-Llama-GGUF' });
    expect(searches()).toEqual([{ type: 'model', q: '', sort: 'downloads', filter: 'gguf', limit: '20' }]);
    // Its licence, from its Hub tags, before its page is opened.
    expect(screen.getByText('license apache-2.0')).toBeTruthy();
    expect(query()).toEqual({ tag: 'gguf' });
    expect(window.history.length).toBe(entries + 1);
    // Datasets have no tag filter: the tag alone searches nothing there, and the hint offers no tag.
    fireEvent.click(screen.getByLabelText('Datasets'));
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Search results' })).toBeNull());
    expect(searches()).toHaveLength(1);
    expect(screen.getByText(/^Type to search/).textContent).toBe(
      'Type to search models and datasets on the Hub. Installed and suggested models are listed below.',
    );
  });

  it('follows Back and Forward: the search before it, then the search again', async () => {
    await open('/?filter=tiny');
    fireEvent.change(searchField(), { target: { value: 'llama' } });
    fireEvent.change(tagField(), { target: { value: 'gguf' } });
    await screen.findByRole('link', { name: 'bartowski/Tiny-Llama-GGUF' });
    window.history.back();
    await waitFor(() => expect(searchField().value).toBe(''));
    expect(tagField().value).toBe('');
    expect(filterField().value).toBe('tiny');
    expect(screen.queryByRole('list', { name: 'Search results' })).toBeNull();
    window.history.forward();
    await waitFor(() => expect(searchField().value).toBe('llama'));
    expect(tagField().value).toBe('gguf');
    await screen.findByRole('link', { name: 'bartowski/Tiny-Llama-GGUF' });
  });
});
