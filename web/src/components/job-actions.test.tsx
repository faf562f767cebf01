// @vitest-environment jsdom
/**
 * Pausing or cancelling a mirror pull that clients are reading (docs/mirror.md, "Pull-through, once"): the server
 * refuses it (409 IN_USE) unless asked with `force=true`; the row's button asks whether to stop it anyway instead
 * of only saying it conflicts. Before, the UI had no way to stop such a pull.
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { renderLiveConnected } from '../../../test/support/web/render-live.js';
import { JobActions } from './job-actions.js';

const NAME = 'mirror: org/x/model.safetensors';
const job = jobFixture({ name: NAME });
const HELD = {
  status: 409,
  body: { code: 'IN_USE', message: 'Mirror clients are waiting on this download: it cannot be paused' },
};

let server: ScriptedApi;

beforeEach(async () => {
  const stop = (state: 'paused' | 'cancelled') => (request: { url: string }) =>
    request.url.endsWith('?force=true') ? { body: jobFixture({ name: NAME, state }) } : HELD;
  server = await startScriptedApi({
    'GET /api/downloads': () => ({ body: [job] }),
    'GET /api/settings': () => ({ body: { maxParallel: 2, stallTimeoutMs: 30_000 } }),
    'POST /api/downloads/job-1/pause': stop('paused'),
    'POST /api/downloads/job-1/cancel': stop('cancelled'),
  });
});

afterEach(async () => {
  cleanup();
  await server.close();
});

const stops = () => server.requests.filter((request) => request.method === 'POST').map((r) => r.url);

it('asks whether to pause a pull mirror clients read anyway, and forces it only when told to', async () => {
  renderLiveConnected(server.api, <JobActions job={job} />);
  fireEvent.click(screen.getByRole('button', { name: `Pause ${NAME}` }));
  await screen.findByRole('alertdialog', { name: `Pause ${NAME} anyway?` });
  expect(screen.getByText(/cuts their downloads/)).toBeTruthy();
  // Kept downloading: nothing more is sent.
  fireEvent.click(screen.getByRole('button', { name: 'Keep downloading' }));
  await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  expect(stops()).toEqual(['/api/downloads/job-1/pause']);

  fireEvent.click(screen.getByRole('button', { name: `Pause ${NAME}` }));
  await screen.findByRole('alertdialog', { name: `Pause ${NAME} anyway?` });
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Pause anyway' }));
  });
  await waitFor(() =>
    expect(stops()).toEqual([
      '/api/downloads/job-1/pause',
      '/api/downloads/job-1/pause',
      '/api/downloads/job-1/pause?force=true',
    ]),
  );
  expect(screen.queryByRole('alertdialog')).toBeNull();
});

it('asks the same for a cancel', async () => {
  // Nothing on disk yet: the cancel goes without the "delete what was fetched" question.
  const fresh = jobFixture({ name: NAME, downloaded: 0 });
  renderLiveConnected(server.api, <JobActions job={fresh} />);
  fireEvent.click(screen.getByRole('button', { name: `Cancel ${NAME}` }));
  await screen.findByRole('alertdialog', { name: `Cancel ${NAME} anyway?` });
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Cancel anyway' }));
  });
  await waitFor(() =>
    expect(stops()).toEqual(['/api/downloads/job-1/cancel', '/api/downloads/job-1/cancel?force=true']),
  );
});
