// @vitest-environment jsdom
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobView, ModelListEntry } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { FakeEventSource } from '../../../test/support/web/fake-event-source.js';
import { installedFixture } from '../../../test/support/web/installed-fixture.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { DownloadPanel } from '../components/download-panel.js';
import { DownloadsPage } from './downloads-page.js';
import { ModelsPage } from './models-page.js';

const entry = (key: string, fields: Partial<ModelListEntry>): ModelListEntry => ({
  key,
  catalog: null,
  installed: null,
  job: null,
  activeJobs: [],
  status: 'installed',
  ...fields,
});

const models: ModelListEntry[] = [
  entry('cache:model/bartowski/Tiny-Llama-GGUF', {
    installed: installedFixture('bartowski/Tiny-Llama-GGUF', { quants: ['Q4_K_M'] }),
  }),
  entry('cache:dataset/data/many-files', {
    installed: installedFixture('data/many-files', { repoType: 'dataset' }),
  }),
  entry('model:org/small', {
    status: 'not-installed',
    catalog: {
      id: 'small',
      repoId: 'org/small',
      repoType: 'model',
      name: 'Small Model',
      description: 'Tiny',
      include: [],
      target: 'cache',
      approxBytes: 5e6,
    },
  }),
];

const jobs: JobView[] = [
  jobFixture({ id: 'q6', name: 'Tiny-Llama-GGUF Q6_K', repoId: 'bartowski/Tiny-Llama-GGUF' }),
  jobFixture({ id: 'data', name: 'many-files', repoId: 'data/many-files', repoType: 'dataset' }),
  // Another program's download of a folder whose repo is not known: no page to open.
  jobFixture({ id: 'ext', kind: 'external', name: 'some-folder', repoId: '', resultPath: '/srv/models/x' }),
];

/** The links inside `region`, as "name -> href". */
const linksIn = (region: HTMLElement) =>
  within(region)
    .queryAllByRole('link')
    .map((link) => `${link.textContent} -> ${link.getAttribute('href')}`);

describe('links to a repo page from the Model Manager, the panel and the Downloads page', () => {
  let server: ScriptedApi;
  let stream: FakeEventSource;

  beforeEach(async () => {
    window.history.replaceState(null, '', '/');
    server = await startScriptedApi({
      ...liveRoutes({ jobs, settings: { maxParallel: 2, stallTimeoutMs: 30_000 } }),
      'GET /api/models': () => ({ body: models }),
      'GET /api/hub/search': () => ({ body: { items: [], nextCursor: null } }),
    });
  });
  afterEach(async () => {
    cleanup();
    await server.close();
    window.history.replaceState(null, '', '/');
  });

  const renderPage = (ui: React.ReactNode) => {
    renderLive(server.api, ui, () => {
      stream = new FakeEventSource();
      return stream;
    });
    act(() => stream.open());
  };

  it("links each row's name to its repo's page, a dataset's under /datasets, a suggestion's too", async () => {
    renderPage(<ModelsPage />);
    const list = await screen.findByRole('region', { name: 'Installed and suggested' });
    await within(list).findByText('Tiny-Llama-GGUF');
    expect(linksIn(list)).toEqual([
      'Tiny-Llama-GGUF -> /models/bartowski/Tiny-Llama-GGUF',
      'many-files -> /datasets/data/many-files',
      'Small Model -> /models/org/small',
    ]);
    // The app's router: a click opens the page without reloading.
    fireEvent.click(within(list).getByRole('link', { name: 'Tiny-Llama-GGUF' }));
    expect(window.location.pathname).toBe('/models/bartowski/Tiny-Llama-GGUF');
  });

  it("links a download's name to its repo's page in the panel; a folder that names no repo has none", async () => {
    renderPage(<DownloadPanel />);
    const panel = screen.getByRole('complementary', { name: 'Downloads in progress' });
    await within(panel).findByText('some-folder');
    expect(linksIn(panel)).toEqual([
      'Tiny-Llama-GGUF Q6_K -> /models/bartowski/Tiny-Llama-GGUF',
      'many-files -> /datasets/data/many-files',
    ]);
    fireEvent.click(within(panel).getByRole('link', { name: 'many-files' }));
    expect(window.location.pathname).toBe('/datasets/data/many-files');
  });

  it("links a download's name to its repo's page on the Downloads page", async () => {
    renderPage(<DownloadsPage />);
    const active = await screen.findByRole('region', { name: /^Downloading \(/ });
    await within(active).findByText('some-folder');
    expect(linksIn(active)).toEqual([
      'Tiny-Llama-GGUF Q6_K -> /models/bartowski/Tiny-Llama-GGUF',
      'many-files -> /datasets/data/many-files',
    ]);
  });
});
