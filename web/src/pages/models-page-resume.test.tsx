// @vitest-environment jsdom
/**
 * A partial model whose job was removed from the History (two unfinished temp files beside it, nothing else
 * to go by) offers a Download that says it resumes: a new download of the repo fetches only what is missing.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelListEntry } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { installedFixture } from '../../../test/support/web/installed-fixture.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { ModelsPage } from './models-page.js';

const unfinished = { sizeOnDisk: 22, unfinishedFiles: 2, unfinishedBytes: 52_400_000 };
const inCache: ModelListEntry = {
  key: 'cache:model/org/q2',
  catalog: null,
  installed: installedFixture('org/q2', unfinished),
  job: null,
  activeJobs: [],
  status: 'partial',
};
const inFolder: ModelListEntry = {
  key: 'local:q3',
  catalog: null,
  installed: installedFixture('org/q3', {
    ...unfinished,
    location: 'local',
    localFolder: 'q3',
    path: '/srv/models/q3',
  }),
  job: null,
  activeJobs: [],
  status: 'partial',
};

describe('ModelsPage: a partial model with no job left', () => {
  let server: ScriptedApi;
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('offers "Resume download", which downloads the repo again where its copy is', async () => {
    server = await startScriptedApi({
      ...liveRoutes(),
      'GET /api/models': () => ({ body: [inCache, inFolder] }),
      'GET /api/hub/search': () => ({ body: { items: [], nextCursor: null } }),
      'POST /api/downloads': () => ({ status: 201, body: { job: jobFixture({ state: 'queued' }) } }),
    });
    renderLive(server.api, <ModelsPage />);
    const row = (await screen.findByRole('heading', { name: 'q2' })).closest('li')!;
    const resume = within(row).getByRole('button', { name: 'Resume download of q2' });
    expect(resume.textContent).toBe('Resume download');
    expect(resume.getAttribute('title')).toMatch(/^Fetches only what is missing/);
    fireEvent.click(resume);
    const folderRow = screen.getByRole('heading', { name: 'q3' }).closest('li')!;
    fireEvent.click(within(folderRow).getByRole('button', { name: 'Resume download of q3' }));
    await waitFor(() =>
      expect(
        server.requests.filter((request) => request.method === 'POST').map((request) => request.body),
      ).toEqual([
        { repoId: 'org/q2', repoType: 'model' },
        { repoId: 'org/q3', repoType: 'model', localDir: 'q3' },
      ]),
    );
  });
});
