// @vitest-environment jsdom
/**
 * A folder under the models dir that no hubget marker names (InstalledModel.unnamedRepo: `hf download --local-dir`
 * made it): its Models row links to the folder's own page, says its repo is not named and offers no Download; the
 * page (folder-page.tsx) shows what is on disk with Delete and Verify files, and asks the Hub nothing. Before, the
 * row linked to `/models/<folder>`, a Hub page of a repo named like the folder, which said "not found".
 */
import '../../../test/support/web/match-media-stub.js';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelListEntry } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { FakeEventSource } from '../../../test/support/web/fake-event-source.js';
import { installedFixture } from '../../../test/support/web/installed-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { routeOf } from '../router.js';
import { FolderPage } from './folder-page.js';
import { ModelsPage } from './models-page.js';

const unnamed: ModelListEntry = {
  key: 'local:hf-made',
  catalog: null,
  // Partial: a Download would be offered to a named repo's folder.
  installed: installedFixture('hf-made', {
    location: 'local',
    localFolder: 'hf-made',
    path: '/models/hf-made',
    unnamedRepo: true,
    unfinishedFiles: 1,
    unfinishedBytes: 4096,
  }),
  job: null,
  activeJobs: [],
  status: 'partial',
};

let server: ScriptedApi | undefined;
afterEach(async () => {
  cleanup();
  await server?.close();
  server = undefined;
  window.history.replaceState(null, '', '/');
});

async function render(ui: React.ReactNode, at: string) {
  window.history.replaceState(null, '', at);
  server = await startScriptedApi({
    ...liveRoutes({ settings: { maxParallel: 2, stallTimeoutMs: 30_000 } }),
    'GET /api/models': () => ({ body: [unnamed] }),
    'GET /api/hub/search': () => ({ body: { items: [], nextCursor: null } }),
  });
  let stream: FakeEventSource | undefined;
  renderLive(server.api, ui, () => {
    stream = new FakeEventSource();
    return stream;
  });
  act(() => stream!.open());
}

describe('a folder no marker names', () => {
  it('has a row that links to its own page, says its repo is not named and offers no Download', async () => {
    await render(<ModelsPage />, '/models');
    const list = await screen.findByRole('region', { name: 'Installed and suggested' });
    const link = await within(list).findByRole('link', { name: 'hf-made' });
    expect(link.getAttribute('href')).toBe('/folders/hf-made');
    expect(within(list).getByText('repo not named')).toBeTruthy();
    expect(within(list).queryByRole('button', { name: /Download/ })).toBeNull();
    fireEvent.click(link);
    expect(routeOf(window.location.pathname)).toBe('folder');
  });

  it('shows what is on disk on its page, with Delete and Verify files, and asks the Hub nothing', async () => {
    await render(<FolderPage />, '/folders/hf-made');
    expect(await screen.findByText(/No hubget marker names the repo this folder holds/)).toBeTruthy();
    const card = screen.getByRole('region', { name: 'Installed' });
    expect(within(card).getByText('folder hf-made')).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Verify files' })).toBeTruthy();
    expect(within(card).getByRole('button', { name: /^Delete/ })).toBeTruthy();
    expect(server!.requests.filter((request) => request.url.startsWith('/api/hub'))).toEqual([]);
  });

  it('says so when the folder is not there', async () => {
    await render(<FolderPage />, '/folders/gone');
    expect(await screen.findByText(/No download is in the folder gone of the models folder/)).toBeTruthy();
  });

  it('reads a folder of a sub-folder from one encoded segment', () => {
    expect(routeOf('/folders/org%2Fname')).toBe('folder');
    expect(routeOf('/folders/a/b')).toBe('models');
  });
});
