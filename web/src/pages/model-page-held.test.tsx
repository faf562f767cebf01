// @vitest-environment jsdom
/**
 * A repo's page while a paused download of its own holds the HF cache's copy: no Delete (the server refuses
 * it), but which download to cancel first; a download into a folder does not hold the HF cache's copy.
 */
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView, ModelListEntry } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { installedFixture } from '../../../test/support/web/installed-fixture.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { repoPageFixture } from '../../../test/support/web/repo-page-fixture.js';
import { ModelPage } from './model-page.js';

const cached = installedFixture('org/small', { sizeOnDisk: 22, unfinishedFiles: 1, unfinishedBytes: 40e6 });
const pausedJob = (localDir: string | null) =>
  jobFixture({
    id: 'j1',
    name: 'small',
    repoId: 'org/small',
    state: 'paused',
    localDir,
    speed: 0,
    eta: null,
  });

describe('ModelPage: Delete of a copy a download holds', () => {
  let server: ScriptedApi;
  afterEach(async () => {
    cleanup();
    await server.close();
    window.history.pushState(null, '', '/');
  });

  async function open(job: JobView): Promise<HTMLElement> {
    window.history.pushState(null, '', '/models/org/small');
    const entry: ModelListEntry = {
      key: 'cache:model/org/small',
      catalog: null,
      installed: cached,
      job,
      activeJobs: [job],
      status: 'paused',
    };
    server = await startScriptedApi({
      ...liveRoutes({ jobs: [job], settings: { maxParallel: 2 } }),
      'GET /api/models': () => ({ body: [entry] }),
      'GET /api/hub/repos/model/org/small': () => ({ body: repoPageFixture({ installed: cached }) }),
    });
    renderLive(server.api, <ModelPage />);
    return (await screen.findByRole('heading', { name: 'Installed' })).closest('section')!;
  }

  it('offers no Delete while a paused download into the HF cache holds it, and says which to cancel', async () => {
    const card = await open(pausedJob(null));
    await waitFor(() =>
      expect(card.textContent).toContain(
        'The paused download “small” keeps its partial files here: cancel it (Downloads) to delete this copy.',
      ),
    );
    expect(within(card).queryByRole('button', { name: 'Delete' })).toBeNull();
  });

  it('counts the partial data of the unfinished download in Total on disk', async () => {
    const card = await open(pausedJob(null));
    expect(within(card).getByText('Total on disk: 22 B + 40.00 MB partial')).toBeTruthy();
  });

  it('keeps Delete when the paused download goes to a folder, not the HF cache', async () => {
    const card = await open(pausedJob('/srv/models/small'));
    expect(await within(card).findByRole('button', { name: 'Delete' })).toBeTruthy();
  });
});
