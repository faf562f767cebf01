// @vitest-environment jsdom
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstalledModel, JobView, ModelListEntry } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { FakeEventSource } from '../../../test/support/web/fake-event-source.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { DownloadsPage } from '../pages/downloads-page.js';
import { DownloadPanel } from './download-panel.js';

const finishedAt = new Date(Date.now() - 60_000).toISOString();
const snapshot = (repoId: string) =>
  `/cache/models--${repoId.replace('/', '--')}/snapshots/${'a'.repeat(40)}`;

/** Two completed downloads both named "big", of org/big and other/big. */
const bigs: JobView[] = [
  jobFixture({
    id: 'org-big',
    name: 'big',
    repoId: 'org/big',
    state: 'completed',
    finishedAt,
    resultPath: snapshot('org/big'),
  }),
  jobFixture({
    id: 'other-big',
    name: 'big',
    repoId: 'other/big',
    state: 'completed',
    finishedAt,
    resultPath: snapshot('other/big'),
  }),
];

function installed(repoId: string): ModelListEntry {
  const model: InstalledModel = {
    repoId,
    repoType: 'model',
    location: 'cache',
    localFolder: null,
    path: `/cache/models--${repoId.replace('/', '--')}`,
    sizeOnDisk: 1,
    files: 1,
    lastModified: finishedAt,
    revisions: [
      {
        commit: 'a'.repeat(40),
        refs: ['main'],
        sizeOnDisk: 1,
        files: 1,
        lastModified: finishedAt,
        path: snapshot(repoId),
      },
    ],
    quants: [],
    unfinishedFiles: 0,
    unfinishedBytes: 0,
    plan: null,
  };
  return {
    key: `cache:model/${repoId}`,
    catalog: null,
    installed: model,
    job: null,
    activeJobs: [],
    status: 'installed',
  };
}

describe('finished rows: told apart, and gone once their model is deleted', () => {
  let server: ScriptedApi;
  let stream: FakeEventSource;

  afterEach(async () => {
    cleanup();
    await server.close();
  });

  const renderWith = async (models: ModelListEntry[], page: 'panel' | 'downloads') => {
    server = await startScriptedApi({
      'GET /api/downloads': () => ({ body: bigs }),
      'GET /api/models': () => ({ body: models }),
      'GET /api/settings': () => ({ body: { maxParallel: 2, stallTimeoutMs: 30_000 } }),
    });
    renderLive(server.api, page === 'panel' ? <DownloadPanel /> : <DownloadsPage />, () => {
      stream = new FakeEventSource();
      return stream;
    });
    act(() => stream.open());
  };

  it('shows each row’s repo id and when it finished, so two "big" rows differ', async () => {
    await renderWith([installed('org/big'), installed('other/big')], 'panel');
    const panel = screen.getByRole('complementary', { name: 'Downloads in progress' });
    await waitFor(() => expect(within(panel).getAllByText('big')).toHaveLength(2));
    expect(within(panel).getByText(/^org\/big · finished /)).toBeTruthy();
    expect(within(panel).getByText(/^other\/big · finished /)).toBeTruthy();
  });

  it('drops from the panel a completed row whose model was deleted since, and marks it in the history', async () => {
    await renderWith([installed('org/big')], 'panel');
    const panel = screen.getByRole('complementary', { name: 'Downloads in progress' });
    await waitFor(() => expect(within(panel).getByText(/^org\/big/)).toBeTruthy());
    await waitFor(() => expect(within(panel).queryByText(/^other\/big/)).toBeNull());
    cleanup();
    await server.close();
    await renderWith([installed('org/big')], 'downloads');
    const gone = await screen.findByText('deleted since');
    expect(gone.closest('li')?.textContent).toContain('other/big');
    expect(screen.getAllByText('deleted since')).toHaveLength(1);
  });
});
