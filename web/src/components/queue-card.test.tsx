// @vitest-environment jsdom
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { DownloadsPage } from '../pages/downloads-page.js';

const queuedJob = (name: string, position: number): JobView =>
  jobFixture({
    id: name,
    name,
    repoId: `org/${name}`,
    state: 'queued',
    total: 0,
    downloaded: 0,
    percent: 0,
    queuePosition: position,
  });

let server: ScriptedApi;

/** A queue of a, b, c; a move answers with the new order, as the server does. */
async function renderQueue() {
  let order = ['a', 'b', 'c'];
  const jobs = () => order.map((name, index) => queuedJob(name, index));
  const routes: Parameters<typeof startScriptedApi>[0] = {
    'GET /api/downloads': () => ({ body: jobs() }),
    'GET /api/models': () => ({ body: [] }),
    'GET /api/settings': () => ({ body: { maxParallel: 1, bandwidthLimit: 0, stallTimeoutMs: 30_000 } }),
  };
  for (const name of order) {
    routes[`POST /api/downloads/${name}/move`] = (request) => {
      const { position } = request.body as { position: number };
      order = order.filter((each) => each !== name);
      order.splice(position, 0, name);
      return { body: jobs().find((job) => job.id === name) };
    };
  }
  server = await startScriptedApi(routes);
  renderLive(server.api, <DownloadsPage />);
  await screen.findByRole('button', { name: 'Move c down' });
}

const queueText = () =>
  Array.from(document.querySelectorAll('.queue__name')).map((element) => element.textContent);

afterEach(async () => {
  cleanup();
  await server.close();
});

describe('QueueCard: ↑/↓ keep the keyboard focus', () => {
  it('gives the focus back to the moved row’s button, or to its other one when the move turned it off', async () => {
    await renderQueue();
    const up = screen.getByRole('button', { name: 'Move b up' });
    up.focus();
    fireEvent.click(up);
    await waitFor(() => expect(queueText()).toEqual(['b', 'a', 'c']));
    // b is first: its ↑ is off, its ↓ has the focus.
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move b down' })),
    );
  });
});
