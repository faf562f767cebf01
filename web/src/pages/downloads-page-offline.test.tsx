// @vitest-environment jsdom
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { FakeEventSource } from '../../../test/support/web/fake-event-source.js';
import { jobFixture, queuedJobFixture } from '../../../test/support/web/job-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { settingsFixture } from '../../../test/support/web/settings-fixture.js';
import { DownloadsPage } from './downloads-page.js';

const running = jobFixture({ connections: 12 });
const queued = queuedJobFixture();
const waiting = jobFixture({ ...queued, id: 'job-3', name: 'Queued two', queuePosition: 1 });

describe('Downloads page while the hubget server does not answer', () => {
  let server: ScriptedApi;
  let stream: FakeEventSource;

  beforeEach(async () => {
    server = await startScriptedApi({
      ...liveRoutes({
        jobs: [running, queued, waiting],
        network: 'down',
        settings: { ...settingsFixture, bandwidthLimit: 5_000_000 },
      }),
      'GET /api/models': () => ({ body: [] }),
    });
  });
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('marks the rows as the last known state and turns the controls and limits off until it answers', async () => {
    renderLive(server.api, <DownloadsPage />, () => {
      stream = new FakeEventSource();
      return stream;
    });
    act(() => stream.open());
    const active = (await screen.findByRole('heading', { name: 'Downloading (1)' })).closest('section')!;
    const queue = screen.getByRole('heading', { name: 'Queue (2)' }).closest('section')!;
    await screen.findByRole('spinbutton', { name: 'Total bandwidth limit' });
    const controls = () =>
      [
        ...within(active).getAllByRole('button'),
        ...within(queue).getAllByRole('button'),
        screen.getByRole('spinbutton', { name: 'Total bandwidth limit' }),
        screen.getByRole('spinbutton', { name: `Limit for ${running.name}` }),
        screen.getByRole('button', { name: 'More parallel downloads' }),
        screen.getByRole('button', { name: 'Fewer parallel downloads' }),
      ] as (HTMLButtonElement | HTMLInputElement)[];
    const enabled = () => controls().filter((control) => !control.disabled);
    // Live: Pause and Cancel, the queue's buttons (Down of the first, Up of the second), the limits.
    expect(within(active).getByRole('button', { name: `Pause ${running.name}` })).toBeTruthy();
    expect(enabled().length).toBeGreaterThan(8);
    expect(within(active).getByText('Downloading')).toBeTruthy();
    expect(active.className).not.toContain('jobs--offline');

    server.setUnreachable(true);
    act(() => stream.fail(0));
    await waitFor(() => expect(active.className).toContain('jobs--offline'));
    expect(queue.className).toContain('jobs--offline');
    expect(within(active).getByText(/Server unreachable — retrying every 2 s/)).toBeTruthy();
    expect(within(active).queryByText('Downloading')).toBeNull();
    expect(within(active).getByText('Downloading · last known')).toBeTruthy();
    expect(enabled()).toEqual([]);
    expect(
      within(queue)
        .getAllByRole('listitem')
        .every((item) => item.getAttribute('draggable') === 'false'),
    ).toBe(true);

    server.setUnreachable(false);
    await waitFor(() => expect(active.className).not.toContain('jobs--offline'));
    expect(within(active).getByText('Downloading')).toBeTruthy();
    expect(enabled().length).toBeGreaterThan(8);
  });
});
