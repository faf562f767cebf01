// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelListEntry } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { FakeEventSource } from '../../../test/support/web/fake-event-source.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { ModelsPage } from './models-page.js';

const job = jobFixture({ id: 'job-tiny', name: 'tiny', repoId: 'org/tiny', state: 'running' });
const entry: ModelListEntry = {
  key: 'cache:model/org/tiny',
  catalog: null,
  installed: null,
  job,
  activeJobs: [job],
  status: 'downloading',
};

/** How often the Model Manager, the panel and the history read GET /api/models between them. */
describe('ModelsPage with the live store: GET /api/models', () => {
  let server: ScriptedApi;
  let events: FakeEventSource;
  const modelReads = () => server.requests.filter((request) => request.url === '/api/models').length;

  beforeEach(async () => {
    server = await startScriptedApi({
      ...liveRoutes({ jobs: [job], network: 'down' }),
      'GET /api/models': () => ({ body: [entry] }),
    });
    events = new FakeEventSource();
    renderLive(server.api, <ModelsPage />, () => events);
    act(() => events.open());
    await screen.findByText('tiny');
    await waitFor(() => expect(server.requests.some((r) => r.url === '/api/downloads')).toBe(true));
  });
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('is read once more when a download completes, not once for the store and once for the page', async () => {
    // Let every read the opening triggers arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const afterOpening = modelReads();
    act(() => events.send('job', { ...job, state: 'completed' }));
    await waitFor(() => expect(modelReads()).toBeGreaterThan(afterOpening));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(modelReads()).toBe(afterOpening + 1);
  });
});
