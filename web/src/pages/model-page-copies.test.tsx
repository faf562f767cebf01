// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstalledModel, ModelListEntry } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { installedFixture } from '../../../test/support/web/installed-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { repoPageFixture } from '../../../test/support/web/repo-page-fixture.js';
import { ModelPage } from './model-page.js';

/** org/small in a folder directly under the models dir, as GET /api/models lists it. */
function inFolder(folder: string): InstalledModel {
  return installedFixture('org/small', {
    location: 'local',
    localFolder: folder,
    path: `/models/${folder}`,
    sizeOnDisk: 4_000_000,
  });
}

const cached = installedFixture('org/small', { sizeOnDisk: 4_000_000 });

const entryOf = (installed: InstalledModel): ModelListEntry => ({
  key: installed.location === 'local' ? `local:${installed.localFolder}` : 'cache:model/org/small',
  catalog: null,
  job: null,
  activeJobs: [],
  status: 'installed',
  installed,
});

describe('ModelPage: which copy the Installed card shows, and the others', () => {
  let server: ScriptedApi;

  async function open(shown: InstalledModel, all: InstalledModel[]): Promise<HTMLElement> {
    window.history.pushState(null, '', '/models/org/small');
    server = await startScriptedApi({
      ...liveRoutes({ settings: { maxParallel: 2 } }),
      'GET /api/models': () => ({ body: all.map(entryOf) }),
      'GET /api/hub/repos/model/org/small': () => ({ body: repoPageFixture({ installed: shown }) }),
      'DELETE /api/models/local/dots2': () => ({ body: { freedBytes: 4_000_000, deletedPaths: [] } }),
    });
    renderLive(server.api, <ModelPage />);
    return (await screen.findByRole('heading', { name: 'Installed' })).closest('section')!;
  }

  beforeEach(() => {
    window.history.pushState(null, '', '/');
  });
  afterEach(async () => {
    cleanup();
    await server.close();
    window.history.pushState(null, '', '/');
  });

  it('names the folder it shows, lists the other folder, and its Delete speaks of that folder', async () => {
    const card = await open(inFolder('dots2'), [inFolder('dots2'), inFolder('dotsdir')]);
    expect(card.textContent).toContain('Where: folder dots2');
    await waitFor(() => expect(card.textContent).toContain('Also in: folder dotsdir'));
    const link = within(card).getByRole('link', { name: 'every copy in Models' });
    expect(link.getAttribute('href')).toBe('/models?filter=org%2Fsmall');

    fireEvent.click(within(card).getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete org/small (folder dots2)?' });
    expect(dialog.textContent).toContain('This removes the folder dots2 with org/small');
    expect(dialog.textContent).not.toContain('cache');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete and free 4.00 MB' }));
    await waitFor(() =>
      expect(server.requests.some((r) => r.method === 'DELETE' && r.url === '/api/models/local/dots2')).toBe(
        true,
      ),
    );
  });

  it("names the HF cache's copy, says the repo is also in a folder, and Delete says the HF cache", async () => {
    const card = await open(cached, [cached, inFolder('dotsdir')]);
    expect(card.textContent).toContain('Where: HF cache');
    await waitFor(() => expect(card.textContent).toContain('Also in: folder dotsdir'));
    fireEvent.click(within(card).getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete org/small (HF cache)?' });
    expect(dialog.textContent).toContain(
      'This removes every installed revision of org/small from the HF cache.',
    );
  });

  it("offers one revision's Delete in the HF cache only: a folder goes whole", async () => {
    const revisions = [
      { ...cached.revisions[0]!, commit: 'a'.repeat(40) },
      { ...cached.revisions[0]!, commit: 'c'.repeat(40), refs: [] },
    ];
    const folder = { ...inFolder('dots2'), revisions };
    let card = await open(folder, [folder]);
    expect(within(card).getByText('cccccccccccc')).toBeTruthy();
    expect(within(card).queryByRole('button', { name: /^Delete revision/ })).toBeNull();
    expect(within(card).getAllByRole('button', { name: /Delete/ })).toHaveLength(1);
    cleanup();
    await server.close();

    const twoInCache = { ...cached, revisions };
    card = await open(twoInCache, [twoInCache]);
    expect(within(card).getByRole('button', { name: 'Delete revision cccccccccccc' })).toBeTruthy();
  });

  it("shows the folder that holds each revision's files: its snapshot folder in the HF cache", async () => {
    const card = await open(cached, [cached]);
    expect(within(card).getByText(`/cache/models--org--small/snapshots/${'a'.repeat(40)}`)).toBeTruthy();
    cleanup();
    await server.close();
    // A folder's revisions are the folder itself (scan-local-dirs.ts).
    const folder = inFolder('dots2');
    folder.revisions = folder.revisions.map((revision) => ({ ...revision, path: '/models/dots2' }));
    const folderCard = await open(folder, [folder]);
    expect(within(folderCard).getByText('/models/dots2')).toBeTruthy();
  });

  it('says nothing of other copies when there is none', async () => {
    const card = await open(cached, [cached]);
    // The fixture's one revision holds one file.
    expect(card.textContent).toContain('1 file, 2 B');
    expect(card.textContent).not.toContain('1 files');
    await waitFor(() => expect(server.requests.some((r) => r.url === '/api/models')).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(card.textContent).toContain('Where: HF cache');
    expect(card.textContent).not.toContain('Also in');
  });
});
