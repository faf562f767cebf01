// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobView, ModelListEntry } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { ModelsPage } from './models-page.js';

/** Three quantizations of org/gguf-demo queued behind another download (parallel downloads = 1). */
const queued = ['Q2_K', 'Q6_K', 'IQ4_XS'].map((quant, index) =>
  jobFixture({
    id: `job-${quant}`,
    name: `gguf-demo ${quant}`,
    repoId: 'org/gguf-demo',
    state: 'queued',
    total: 0,
    downloaded: 0,
    percent: 0,
    queuePosition: index + 1,
    createdAt: `2026-01-01T10:00:0${index}Z`,
  }),
);

function entryOf(jobs: JobView[]): ModelListEntry {
  return {
    key: 'cache:model/org/gguf-demo',
    catalog: null,
    installed: null,
    job: jobs.at(-1) ?? null,
    activeJobs: [...jobs].reverse(),
    status: 'queued',
  };
}

describe('ModelsPage: a model with several downloads on their way', () => {
  let server: ScriptedApi;
  let jobs: JobView[];
  beforeEach(async () => {
    jobs = [...queued];
    const routes: Parameters<typeof startScriptedApi>[0] = {
      ...liveRoutes({ jobs: () => jobs }),
      'GET /api/models': () => ({ body: [entryOf(jobs.filter((job) => job.state === 'queued'))] }),
      'GET /api/hub/search': () => ({ body: { items: [], nextCursor: null } }),
    };
    for (const job of queued) {
      routes[`POST /api/downloads/${job.id}/cancel`] = () => {
        jobs = jobs.map((each) => (each.id === job.id ? { ...each, state: 'cancelled' } : each));
        return { body: jobs.find((each) => each.id === job.id) };
      };
    }
    server = await startScriptedApi(routes);
    renderLive(server.api, <ModelsPage />);
    await screen.findByRole('heading', { name: 'gguf-demo' });
  });
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('says how many are queued, lists each, and cancels all of them with one button that says so', async () => {
    const row = screen.getByRole('heading', { name: 'gguf-demo' }).closest('li')!;
    expect(within(row).getByText('3 downloads queued')).toBeTruthy();
    // A line each, in queue order, as on the Downloads page.
    expect(
      within(row)
        .getAllByRole('progressbar')
        .map((bar) => bar.getAttribute('aria-label')),
    ).toEqual(['gguf-demo Q2_K', 'gguf-demo Q6_K', 'gguf-demo IQ4_XS']);
    // No button that acts on one of them while reading as the row's.
    expect(within(row).queryByLabelText('Cancel gguf-demo IQ4_XS')).toBeNull();
    const cancel = within(row).getByRole('button', { name: 'Cancel 3 downloads of gguf-demo' });
    expect(cancel.textContent).toBe('Cancel all');
    expect(within(row).getByRole('button', { name: 'Pause 3 downloads of gguf-demo' }).textContent).toBe(
      'Pause all',
    );
    fireEvent.click(cancel);
    await waitFor(() =>
      expect(
        server.requests
          .filter((request) => request.method === 'POST' && request.url.endsWith('/cancel'))
          .map((request) => request.url)
          .sort(),
      ).toEqual(queued.map((job) => `/api/downloads/${job.id}/cancel`).sort()),
    );
    await waitFor(() => expect(within(row).queryByText('3 downloads queued')).toBeNull());
    expect(within(row).queryByRole('button', { name: /Cancel/ })).toBeNull();
  });
});
