// @vitest-environment jsdom
/**
 * A model whose download is a repair (Verify files → Download them again: a job marked `repair` that fetches the
 * files found not intact, JobView.repair): its Models row and its repo page's chip say it repairs N files, at the
 * repair's own percent. They read "Downloading 1.1%", the one file's percent taken for the model's, though all the
 * rest of the model was on disk.
 */
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView, ModelListEntry } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { installedFixture } from '../../../test/support/web/installed-fixture.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { repoPageFixture } from '../../../test/support/web/repo-page-fixture.js';
import { ModelPage } from './model-page.js';
import { ModelsPage } from './models-page.js';

const REPO = 'org/a';

/** The repair of one corrupt file of org/a, 45 % of that file fetched. */
const repair = jobFixture({
  id: 'job-repair',
  repoId: REPO,
  name: 'repair: org/a/model-00002.safetensors',
  repair: true,
  include: ['model-00002.safetensors'],
  commit: 'a'.repeat(40),
  downloaded: 450,
  total: 1_000,
  percent: 45,
  speed: 1_000,
});

let server: ScriptedApi | undefined;
afterEach(async () => {
  cleanup();
  await server?.close();
  server = undefined;
  window.history.pushState(null, '', '/');
});

async function modelsRow(job: JobView, status: ModelListEntry['status']): Promise<HTMLElement> {
  const entry: ModelListEntry = {
    key: `cache:model/${REPO}`,
    catalog: null,
    installed: installedFixture(REPO),
    job,
    activeJobs: [],
    status,
  };
  server = await startScriptedApi({
    ...liveRoutes({ jobs: [job] }),
    'GET /api/models': () => ({ body: [entry] }),
    'GET /api/hub/search': () => ({ body: { items: [], nextCursor: null } }),
  });
  renderLive(server.api, <ModelsPage />);
  const heading = await screen.findByRole('heading', { name: 'a' });
  return heading.closest('li')!;
}

describe("a repair's chip", () => {
  it('on the Models page: "Repairing 1 file · 45.0%", not "Downloading 45.0%"', async () => {
    const row = await modelsRow(repair, 'downloading');
    expect(within(row).getByText('Repairing 1 file · 45.0%').className).toContain('chip');
    expect(within(row).queryByText(/^Downloading/)).toBeNull();
  });

  it('paused, and of two files', async () => {
    const paused = {
      ...repair,
      state: 'paused' as const,
      speed: 0,
      eta: null,
      include: ['a.bin', 'b.bin'],
      name: 'repair: org/a (2 files)',
    };
    const row = await modelsRow(paused, 'paused');
    expect(within(row).getByText('Repairing 2 files · paused at 45.0%')).toBeTruthy();
  });

  it("on the repo page, at the repair's percent", async () => {
    window.history.pushState(null, '', `/models/${REPO}`);
    server = await startScriptedApi({
      ...liveRoutes({ jobs: [repair] }),
      [`GET /api/hub/repos/model/${REPO}`]: () => ({
        body: repoPageFixture({ repoId: REPO, installed: installedFixture(REPO) }),
      }),
    });
    renderLive(server.api, <ModelPage />);
    expect(await screen.findByText('Repairing 1 file · 45.0%')).toBeTruthy();
    expect(screen.queryByText(/^Downloading \d/)).toBeNull();
  });
});
