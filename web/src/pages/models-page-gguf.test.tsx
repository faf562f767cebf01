// @vitest-environment jsdom
/**
 * The Models list row of a GGUF repo with quantizations on disk while another one downloads: the size
 * beside the installed quantizations' names is theirs on disk, and the row names the one on its way.
 */
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelListEntry } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { jobQuant } from '../format/quant-labels.js';
import { ModelsPage } from './models-page.js';

const REPO = 'bartowski/Llama-3.2-1B-Instruct-GGUF';
const running = jobFixture({
  id: 'job-q6',
  name: 'Llama-3.2-1B-Instruct-GGUF Q6_K',
  repoId: REPO,
  include: ['Llama-3.2-1B-Instruct-Q6_K-00001-of-00002.gguf', 'config.json'],
  total: 272_630_000,
  downloaded: 227_000_000,
  percent: 83.4,
});
const entry: ModelListEntry = {
  key: `cache:model/${REPO}`,
  catalog: null,
  installed: {
    repoId: REPO,
    repoType: 'model',
    location: 'cache',
    localFolder: null,
    path: '/cache/models--bartowski--Llama-3.2-1B-Instruct-GGUF',
    sizeOnDisk: 492_830_000,
    files: 6,
    lastModified: '2026-01-01T10:00:00Z',
    revisions: [],
    quants: ['Q2_K', 'Q8_0'],
    unfinishedFiles: 1,
    unfinishedBytes: 227_000_000,
    plan: null,
  },
  job: running,
  activeJobs: [running],
  status: 'downloading',
};

describe('jobQuant', () => {
  it('reads the quantization from the name, else from the include patterns', () => {
    expect(jobQuant(running)).toBe('Q6_K');
    expect(jobQuant({ name: 'custom', include: ['sub/Model-IQ4_XS.gguf', 'README.md'] })).toBe('IQ4_XS');
    expect(jobQuant({ name: 'custom', include: ['a-Q2_K.gguf', 'a-Q8_0.gguf'] })).toBeNull();
    expect(jobQuant({ name: 'small', include: [] })).toBeNull();
  });
});

const second = jobFixture({
  id: 'job-q4',
  name: 'Llama-3.2-1B-Instruct-GGUF Q4_K_M',
  repoId: REPO,
  total: 157_290_000,
  downloaded: 4_320_000,
  percent: 2.7,
});

describe('ModelsPage: a GGUF repo downloading another quantization', () => {
  let server: ScriptedApi;
  let jobs: ModelListEntry['activeJobs'];
  beforeEach(async () => {
    jobs = [running];
    server = await startScriptedApi({
      ...liveRoutes({ jobs: () => jobs }),
      'GET /api/models': () => ({ body: [{ ...entry, activeJobs: jobs }] }),
      'GET /api/hub/search': () => ({ body: { items: [], nextCursor: null } }),
    });
  });
  const render = async () => {
    renderLive(server.api, <ModelsPage />);
    await screen.findByRole('heading', { name: 'Llama-3.2-1B-Instruct-GGUF' });
  };
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('shows the installed quantizations with their size on disk, and names the one downloading', async () => {
    await render();
    const row = screen.getByRole('heading', { name: 'Llama-3.2-1B-Instruct-GGUF' }).closest('li')!;
    const meta = row.querySelector('.model__meta') as HTMLElement;
    await waitFor(() => expect(within(meta).getByText('Q2_K and Q8_0')).toBeTruthy());
    expect(within(meta).getByText('492.83 MB')).toBeTruthy();
    expect(meta.textContent).not.toContain('272.63 MB');
    const progress = row.querySelector('.model__progress') as HTMLElement;
    expect(within(progress).getByTitle('Quantization being downloaded').textContent).toBe('Q6_K');
  });

  it('with two on their way, a line each named by its quantization (the row names the repo)', async () => {
    jobs = [running, second];
    await render();
    const row = screen.getByRole('heading', { name: 'Llama-3.2-1B-Instruct-GGUF' }).closest('li')!;
    await waitFor(() => expect(row.querySelectorAll('.model__download-name')).toHaveLength(2));
    const names = [...row.querySelectorAll('.model__download-name')].map((name) => name.textContent);
    expect(names.sort()).toEqual(['Q4_K_M', 'Q6_K']);
  });
});
