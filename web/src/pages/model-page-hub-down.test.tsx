// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstalledModel, ModelListEntry } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { ModelPage } from './model-page.js';

const installed: InstalledModel = {
  repoId: 'org/small',
  repoType: 'model',
  location: 'cache',
  localFolder: null,
  path: '/cache/models--org--small',
  sizeOnDisk: 5_242_880,
  files: 1,
  lastModified: '2026-01-01T10:00:00Z',
  revisions: [
    {
      commit: 'b'.repeat(40),
      refs: ['main'],
      files: 1,
      sizeOnDisk: 5_242_880,
      lastModified: '2026-01-01T10:00:00Z',
      path: `/cache/models--org--small/snapshots/${'b'.repeat(40)}`,
    },
  ],
  quants: [],
  unfinishedFiles: 0,
  unfinishedBytes: 0,
  plan: null,
};

const entry: ModelListEntry = {
  key: 'cache:model/org/small',
  catalog: null,
  job: null,
  activeJobs: [],
  status: 'installed',
  installed,
};

/** What the server answers for the repo page while the Hub does not answer (docs/api.md). */
const hubDown = {
  status: 503,
  body: { code: 'NETWORK_UNREACHABLE', message: 'Cannot reach 127.0.0.1:18971 (ECONNREFUSED)' },
};

describe('ModelPage: the Hub does not answer', () => {
  let server: ScriptedApi;

  beforeEach(async () => {
    window.history.pushState(null, '', '/models/org/small');
    server = await startScriptedApi({
      ...liveRoutes({ network: 'down' }),
      'GET /api/models': () => ({ body: [entry] }),
      'GET /api/hub/repos/model/org/small': () => hubDown,
      'GET /api/hub/repos/model/org/other': () => hubDown,
      'DELETE /api/models/model/org/small': () => ({ body: { freedBytes: 5_242_880 } }),
    });
  });
  afterEach(async () => {
    cleanup();
    await server.close();
    window.history.pushState(null, '', '/');
  });

  it('shows what is installed, from the Models list, with Delete; Download off with the reason', async () => {
    renderLive(server.api, <ModelPage />);
    const card = (await screen.findByRole('heading', { name: 'Installed' })).closest('section')!;
    expect(within(card).getByText('bbbbbbbbbbbb')).toBeTruthy();
    expect(within(card).getByText('Total on disk: 5.24 MB')).toBeTruthy();
    expect(screen.getByText('Installed', { selector: '.chip' })).toBeTruthy();

    const note = screen.getByRole('alert');
    expect(note.textContent).toContain("The Hub's details (the card, the file list, the sizes to download)");
    expect(note.textContent).toContain('Cannot reach 127.0.0.1:18971 (ECONNREFUSED).');

    const download = screen.getByRole('button', { name: 'Download' }) as HTMLButtonElement;
    expect(download.disabled).toBe(true);
    const reason = document.getElementById(download.getAttribute('aria-describedby') ?? '');
    expect(reason?.textContent).toMatch(/Not downloadable right now: the Hub does not answer/);

    fireEvent.click(within(card).getByRole('button', { name: 'Delete' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete and free 5.24 MB' }));
    await waitFor(() =>
      expect(
        server.requests.some((r) => r.method === 'DELETE' && r.url === '/api/models/model/org/small'),
      ).toBe(true),
    );
  });

  it('says what the Hub answered when it did answer (a repo gone from it), not that it is unavailable', async () => {
    server.close();
    server = await startScriptedApi({
      ...liveRoutes({ network: 'down' }),
      'GET /api/models': () => ({ body: [entry] }),
      'GET /api/hub/repos/model/org/small': () => ({
        status: 404,
        body: { code: 'REPO_NOT_FOUND', message: 'Model org/small not found on the Hub' },
      }),
    });
    renderLive(server.api, <ModelPage />);
    // Once the Models list (which has it installed) is in too.
    await waitFor(() => expect(server.requests.some((r) => r.url === '/api/models')).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Model org/small not found on the Hub');
    expect(alert.textContent).not.toContain('unavailable right now');
    expect(screen.queryByRole('heading', { name: 'Installed' })).toBeNull();
  });

  it('shows only the error for a repo that is not installed', async () => {
    window.history.pushState(null, '', '/models/org/other');
    renderLive(server.api, <ModelPage />);
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Installed' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Download' })).toBeNull();
  });
});
