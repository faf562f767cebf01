// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { QuantDeletion } from '../../../src/api-quant-types.js';
import type { InstalledModel, ModelListEntry } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { installedFixture } from '../../../test/support/web/installed-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { repoPageFixture } from '../../../test/support/web/repo-page-fixture.js';
import { ModelPage } from './model-page.js';

const planned: QuantDeletion = {
  quant: 'Q6_K',
  commits: ['a'.repeat(40)],
  files: ['x-Q6_K-00001-of-00002.gguf', 'x-Q6_K-00002-of-00002.gguf'],
  freedBytes: 70_000_000,
  remaining: ['Q4_K_M'],
  deletedPaths: [],
};

describe('ModelPage: Delete of one installed quantization', () => {
  let server: ScriptedApi;
  afterEach(async () => {
    cleanup();
    await server.close();
    window.history.pushState(null, '', '/');
  });

  async function open(installed: InstalledModel, plan: QuantDeletion = planned): Promise<HTMLElement> {
    window.history.pushState(null, '', '/models/org/x-GGUF');
    const entry: ModelListEntry = {
      key: 'cache:model/org/x-GGUF',
      catalog: null,
      job: null,
      activeJobs: [],
      status: 'installed',
      installed,
    };
    server = await startScriptedApi({
      ...liveRoutes({ settings: { maxParallel: 2 } }),
      'GET /api/models': () => ({ body: [entry] }),
      'GET /api/hub/repos/model/org/x-GGUF': () => ({ body: repoPageFixture({ installed }) }),
      'GET /api/models/model/org/x-GGUF/quants/Q6_K': () => ({ body: plan }),
      'DELETE /api/models/model/org/x-GGUF/quants/Q6_K': () => ({ body: plan }),
      'GET /api/models/local/x/quants/Q6_K': () => ({ body: plan }),
      'DELETE /api/models/local/x/quants/Q6_K': () => ({ body: plan }),
    });
    renderLive(server.api, <ModelPage />);
    return (await screen.findByRole('heading', { name: 'Installed' })).closest('section')!;
  }

  it('asks the server what goes, names the files and the space freed, then deletes that quantization', async () => {
    const card = await open(installedFixture('org/x-GGUF', { quants: ['Q4_K_M', 'Q6_K'] }));
    fireEvent.click(within(card).getByRole('button', { name: 'Delete Q6_K' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete Q6_K of org/x-GGUF?' });
    const confirm = await within(dialog).findByRole('button', { name: 'Delete Q6_K and free 70.00 MB' });
    expect(dialog.textContent).toContain(
      'This removes the quantization Q6_K of org/x-GGUF from the HF cache: 2 files',
    );
    expect(dialog.textContent).toContain('and so does Q4_K_M.');
    expect(dialog.textContent).toContain('x-Q6_K-00002-of-00002.gguf');
    fireEvent.click(confirm);
    await waitFor(() =>
      expect(
        server.requests.some(
          (r) => r.method === 'DELETE' && r.url === '/api/models/model/org/x-GGUF/quants/Q6_K',
        ),
      ).toBe(true),
    );
    // Not the whole repo.
    expect(
      server.requests.some((r) => r.method === 'DELETE' && r.url === '/api/models/model/org/x-GGUF'),
    ).toBe(false);
  });

  it('says the quantizations that stay in the plural when there are several', async () => {
    const card = await open(installedFixture('org/x-GGUF', { quants: ['Q4_K_M', 'Q6_K', 'Q8_0'] }), {
      ...planned,
      remaining: ['Q4_K_M', 'Q8_0'],
    });
    fireEvent.click(within(card).getByRole('button', { name: 'Delete Q6_K' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete Q6_K of org/x-GGUF?' });
    await within(dialog).findByRole('button', { name: 'Delete Q6_K and free 70.00 MB' });
    // Not "and so does Q4_K_M and Q8_0".
    expect(dialog.textContent).toContain('stay, and so do Q4_K_M and Q8_0.');
  });

  it('deletes one quantization of a folder through the folder’s route', async () => {
    const card = await open(
      installedFixture('org/x-GGUF', {
        quants: ['Q4_K_M', 'Q6_K'],
        location: 'local',
        localFolder: 'x',
        path: '/models/x',
      } as Partial<InstalledModel>),
    );
    fireEvent.click(within(card).getByRole('button', { name: 'Delete Q6_K' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete Q6_K of org/x-GGUF?' });
    const confirm = await within(dialog).findByRole('button', { name: 'Delete Q6_K and free 70.00 MB' });
    expect(dialog.textContent).toContain(
      'This removes the quantization Q6_K of org/x-GGUF from the folder x: 2 files, with their download records.',
    );
    fireEvent.click(confirm);
    await waitFor(() =>
      expect(
        server.requests.some((r) => r.method === 'DELETE' && r.url === '/api/models/local/x/quants/Q6_K'),
      ).toBe(true),
    );
    expect(server.requests.some((r) => r.method === 'DELETE' && r.url === '/api/models/local/x')).toBe(false);
  });

  it('offers no Delete of one quantization for a folder found in a sub-folder', async () => {
    const card = await open(
      installedFixture('org/x-GGUF', {
        quants: ['Q6_K'],
        location: 'local',
        localFolder: 'team/x',
        path: '/models/team/x',
      } as Partial<InstalledModel>),
    );
    expect(card.textContent).toContain('Quantizations: Q6_K');
    expect(within(card).queryByRole('button', { name: 'Delete Q6_K' })).toBeNull();
  });
});
