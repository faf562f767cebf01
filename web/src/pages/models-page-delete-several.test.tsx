// @vitest-environment jsdom
/**
 * The Models page's Delete of several models: a checkbox on each row the server can delete (none on a row a download
 * holds, nor on a local dir found in a sub-folder), one "Delete N models" for those picked, a confirmation that names
 * each with what it frees and says what they free together as the server counts it (a fork and its base free their
 * linked weights together, which each one's own Delete counts as kept by the other), one request, the list read again.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelsDeletion } from '../../../src/api-models-deletion-types.js';
import type { ModelListEntry } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { installedFixture } from '../../../test/support/web/installed-fixture.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderModelsPage } from '../../../test/support/web/models-page.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { Toasts } from '../components/toasts.js';
import { ModelsPage } from './models-page.js';

const WEIGHTS = 300_000;
const entryOf = (key: string, installed: ModelListEntry['installed']): ModelListEntry => ({
  key,
  catalog: null,
  installed,
  job: null,
  activeJobs: [],
  status: 'installed',
});
const base = entryOf(
  'cache:model/org/base',
  installedFixture('org/base', { sizeOnDisk: WEIGHTS + 29, sharedBytes: WEIGHTS }),
);
const fork = entryOf(
  'cache:model/other/fork',
  installedFixture('other/fork', { sizeOnDisk: WEIGHTS + 29, sharedBytes: WEIGHTS }),
);
const qwen = entryOf(
  'local:qwen',
  installedFixture('Qwen/qwen', {
    location: 'local',
    localFolder: 'qwen',
    path: '/models/qwen',
    sizeOnDisk: 7,
  }),
);
const nested = entryOf(
  'local:team/x',
  installedFixture('org/x', { location: 'local', localFolder: 'team/x', path: '/models/team/x' }),
);
const running = jobFixture({ id: 'job-big', name: 'big', repoId: 'org/big', state: 'running' });
const big: ModelListEntry = {
  ...entryOf('cache:model/org/big', installedFixture('org/big')),
  job: running,
  activeJobs: [running],
  status: 'downloading',
};

const part = (key: string, name: string, freedBytes: number) => ({
  key,
  name,
  freedBytes,
  partialBytes: 0,
  sharedBytes: 0,
  deletedPaths: [],
});
/** The server's count of base and fork together: the weights once, for the fork (the last of them). */
const together: ModelsDeletion = {
  models: [part(base.key, 'org/base', 29), part(fork.key, 'other/fork', WEIGHTS + 29)],
  freedBytes: WEIGHTS + 58,
  partialBytes: 0,
};

describe('ModelsPage: deleting several models at once', () => {
  let server: ScriptedApi;
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('picks rows by their checkboxes, confirms with what they free together, deletes them in one request', async () => {
    let listed = [base, big, fork, nested, qwen];
    server = await startScriptedApi({
      ...liveRoutes({ jobs: [running] }),
      'GET /api/models': () => ({ body: listed }),
      'GET /api/hub/search': () => ({ body: { items: [], nextCursor: null } }),
      'POST /api/models/delete/preview': () => ({ body: together }),
      'POST /api/models/delete': () => {
        listed = [big, nested, qwen];
        return { body: together };
      },
    });
    // With the toasts, which say what went.
    renderLive(
      server.api,
      <>
        <ModelsPage />
        <Toasts />
      </>,
    );
    await screen.findByRole('heading', { name: 'base' });
    // A checkbox on each row the server deletes: none while its download runs, none for a sub-folder's local dir.
    expect(screen.getAllByRole('checkbox').map((box) => box.getAttribute('aria-label'))).toEqual([
      'Select base (HF cache)',
      'Select fork (HF cache)',
      'Select qwen (folder qwen)',
    ]);
    expect(screen.queryByRole('region', { name: 'Selected models' })).toBeNull();

    fireEvent.click(screen.getByRole('checkbox', { name: 'Select base (HF cache)' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select fork (HF cache)' }));
    const bar = screen.getByRole('region', { name: 'Selected models' });
    expect(bar.textContent).toContain('2 of 3 models selected');
    fireEvent.click(within(bar).getByRole('button', { name: 'Delete 2 models' }));

    const dialog = await screen.findByRole('alertdialog', { name: 'Delete 2 models?' });
    const asked = await server.received((request) => request.url === '/api/models/delete/preview');
    expect(asked.body).toEqual({
      models: [
        { repoType: 'model', repoId: 'org/base' },
        { repoType: 'model', repoId: 'other/fork' },
      ],
    });
    const confirm = await within(dialog).findByRole('button', { name: 'Delete 2 models and free 300.06 kB' });
    expect(dialog.textContent).toContain('This removes these 2 and frees 300.06 kB in all.');
    expect([...dialog.querySelectorAll('li')].map((item) => item.textContent)).toEqual([
      'base (HF cache) frees 29 B',
      'fork (HF cache) frees 300.03 kB',
    ]);
    // Each one's own Delete would say 29 B: the weights go only with both.
    expect(dialog.textContent).toContain('300.00 kB of it are files linked between them');

    fireEvent.click(confirm);
    const deleted = await server.received((request) => request.url === '/api/models/delete');
    expect(deleted.body).toEqual(asked.body);
    const toast = (await screen.findByText('2 models: 300.06 kB freed')).closest('[role="status"]');
    expect(toast?.textContent).toContain('Models deleted');
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'base' })).toBeNull());
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.queryByRole('region', { name: 'Selected models' })).toBeNull();
    expect(screen.getByRole('checkbox', { name: 'Select qwen (folder qwen)' })).toHaveProperty(
      'checked',
      false,
    );
  });

  it('names a local dir by its folder; a refusal of the preview is said, and nothing can be confirmed', async () => {
    server = await renderModelsPage([base, qwen], [], {
      'POST /api/models/delete/preview': () => ({
        status: 409,
        body: { code: 'IN_USE', message: 'Folder qwen is being downloaded by pid 4242' },
      }),
    });
    await screen.findByRole('heading', { name: 'qwen' });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select qwen (folder qwen)' }));
    const bar = screen.getByRole('region', { name: 'Selected models' });
    fireEvent.click(within(bar).getByRole('button', { name: 'Select all 2' }));
    expect(bar.textContent).toContain('2 of 2 models selected');
    fireEvent.click(within(bar).getByRole('button', { name: 'Delete 2 models' }));
    const dialog = await screen.findByRole('alertdialog');
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'Folder qwen is being downloaded',
    );
    const asked = await server.received((request) => request.url === '/api/models/delete/preview');
    // In the list's order, whatever order they were picked in.
    expect(asked.body).toEqual({
      models: [{ repoType: 'model', repoId: 'org/base' }, { localFolder: 'qwen' }],
    });
    expect(within(dialog).getByRole('button', { name: 'Delete 2 models' })).toHaveProperty('disabled', true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    // Cancelled: the selection stays.
    expect(screen.getByRole('region', { name: 'Selected models' }).textContent).toContain('2 of 2');
    expect(server.requests.some((request) => request.url === '/api/models/delete')).toBe(false);
  });
});
