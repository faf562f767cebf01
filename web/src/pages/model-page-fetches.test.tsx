// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { FakeEventSource } from '../../../test/support/web/fake-event-source.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { repoPageFixture } from '../../../test/support/web/repo-page-fixture.js';
import { ModelPage } from './model-page.js';

const page = repoPageFixture();

/** Jobs of org/small from before: one completed long ago, one running now. */
const done = jobFixture({
  id: 'old',
  repoId: 'org/small',
  state: 'completed',
  finishedAt: '2025-12-07T10:00:00Z',
});
const running = jobFixture({ id: 'now', repoId: 'org/small', state: 'running' });

describe('ModelPage: GET /api/hub/repos', () => {
  let server: ScriptedApi;
  let events: FakeEventSource;
  const repoReads = () =>
    server.requests.filter((request) => request.url.startsWith('/api/hub/repos/')).length;
  const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 200)));

  beforeEach(async () => {
    window.history.pushState(null, '', '/models/org/small');
    server = await startScriptedApi({
      ...liveRoutes({ jobs: [done, running], network: 'down' }),
      'GET /api/models': () => ({ body: [] }),
      'GET /api/hub/repos/model/org/small': () => ({ body: page }),
    });
    events = new FakeEventSource();
    renderLive(server.api, <ModelPage />, () => events);
    act(() => events.open());
    await screen.findByText('config.json');
    await waitFor(() => expect(server.requests.some((r) => r.url === '/api/downloads')).toBe(true));
    await settle();
  });
  afterEach(async () => {
    cleanup();
    await server.close();
    window.history.pushState(null, '', '/');
  });

  it('is read once on load, though the repo has jobs, and once more when one of them ends', async () => {
    expect(repoReads()).toBe(1);
    act(() => events.send('job', { ...running, speed: 1 }));
    act(() => events.send('job', { ...running, state: 'paused' }));
    await settle();
    expect(repoReads()).toBe(1);
    act(() => events.send('job', { ...running, state: 'cancelled', finishedAt: '2025-12-07T11:00:00Z' }));
    await waitFor(() => expect(repoReads()).toBe(2));
    await settle();
    expect(repoReads()).toBe(2);
  });
});
