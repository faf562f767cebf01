// @vitest-environment jsdom
// Before anything that loads uPlot.
import '../../test/support/web/match-media-stub.js';
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ScriptedApi, startScriptedApi } from '../../test/support/web/api-server.js';
import { FakeEventSource } from '../../test/support/web/fake-event-source.js';
import { jobFixture, queuedJobFixture } from '../../test/support/web/job-fixture.js';
import { liveRoutes } from '../../test/support/web/live-routes.js';
import { renderLive } from '../../test/support/web/render-live.js';
import { settingsFixture } from '../../test/support/web/settings-fixture.js';
import { App } from './app.js';

/** Two downloading, one paused, one queued: the screen that read 4 (nav), 2 (panel) and 3 (Downloads page). */
const jobs = [
  jobFixture({ id: 'r1', name: 'b' }),
  jobFixture({ id: 'r2', name: 'c' }),
  jobFixture({ id: 'p1', name: 'a', state: 'paused', speed: 0, eta: null }),
  queuedJobFixture(),
];

describe('the download counts on one screen', () => {
  let server: ScriptedApi;
  beforeEach(async () => {
    server = await startScriptedApi({
      ...liveRoutes({ jobs, settings: settingsFixture }),
      'GET /api/models': () => ({ body: [] }),
    });
    window.history.pushState(null, '', '/downloads');
  });
  afterEach(async () => {
    cleanup();
    window.history.pushState(null, '', '/');
    await server.close();
  });

  it('count the same jobs as downloading in the nav, the panel and the Downloads page, naming the others', async () => {
    let stream: FakeEventSource | undefined;
    renderLive(server.api, <App />, () => {
      stream = new FakeEventSource();
      return stream;
    });
    act(() => stream?.open());
    const heading = await screen.findByRole('heading', { name: 'Downloading (2) · 1 paused' });
    expect(heading).toBeTruthy();
    const panel = screen.getByRole('complementary', { name: 'Downloads in progress' });
    expect(within(panel).getByText('Downloading Models (2)')).toBeTruthy();
    expect(within(panel).getByText('1 paused · 1 queued')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const downloads = within(nav).getByRole('link', { name: /Downloads/ });
    expect(downloads.textContent).toBe('Downloads2 (2 downloading · 1 paused · 1 queued)');
    expect(downloads.querySelector('.nav__count')?.getAttribute('title')).toBe(
      '2 downloading · 1 paused · 1 queued',
    );
  });

  it('keeps a muted badge with the paused and queued downloads while none runs', async () => {
    cleanup();
    await server.close();
    server = await startScriptedApi({
      ...liveRoutes({ jobs: [jobs[2]!, jobs[3]!], settings: settingsFixture }),
      'GET /api/models': () => ({ body: [] }),
    });
    let stream: FakeEventSource | undefined;
    renderLive(server.api, <App />, () => {
      stream = new FakeEventSource();
      return stream;
    });
    act(() => stream?.open());
    await screen.findByRole('heading', { name: 'Downloading (0) · 1 paused' });
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const badge = within(nav)
      .getByRole('link', { name: /Downloads/ })
      .querySelector('.nav__count');
    expect(badge?.textContent).toBe('2 (0 downloading · 1 paused · 1 queued)');
    expect(badge?.classList.contains('nav__count--waiting')).toBe(true);
  });
});
