// @vitest-environment jsdom
/**
 * A Models row's Pause all / Cancel all over mirror pulls (docs/mirror.md, "Pull-through, once"; docs/web-ui.md):
 * the server refuses to stop the pulls mirror clients are reading (409 IN_USE, its message naming `force=true`),
 * and the row asks once whether to stop those anyway, as a job row asks of one, or skips them and says how many.
 * Before, each refusal was only a toast with the server's message, which a UI user cannot act on.
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { JobView } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { renderLiveConnected } from '../../../test/support/web/render-live.js';
import { SeveralDownloadsActions } from './several-downloads.js';
import { Toasts } from './toasts.js';

/** Three pulls of org/x; clients read b.bin and c.bin. Nothing on disk: Cancel asks no "delete" question. */
const pulls = ['a.bin', 'b.bin', 'c.bin'].map((file) =>
  jobFixture({
    id: `pull-${file}`,
    name: `mirror: org/x/${file}`,
    repoId: 'org/x',
    downloaded: 0,
  }),
);
const READ_BY_CLIENTS = new Set(['pull-b.bin', 'pull-c.bin']);
const HELD = {
  status: 409,
  body: {
    code: 'IN_USE',
    message:
      'Mirror clients are waiting on this download: it cannot be paused until it finishes (force=true pauses it anyway and cuts their downloads, which they resume)',
  },
};

let server: ScriptedApi;

beforeEach(async () => {
  const routes: Parameters<typeof startScriptedApi>[0] = {
    'GET /api/downloads': () => ({ body: pulls }),
    'GET /api/settings': () => ({ body: { maxParallel: 2, stallTimeoutMs: 30_000 } }),
  };
  for (const pull of pulls) {
    for (const [command, state] of [
      ['pause', 'paused'],
      ['cancel', 'cancelled'],
    ] as const) {
      routes[`POST /api/downloads/${pull.id}/${command}`] = (request: { url: string }) =>
        READ_BY_CLIENTS.has(pull.id) && !request.url.endsWith('?force=true')
          ? HELD
          : { body: { ...pull, state } satisfies JobView };
    }
  }
  server = await startScriptedApi(routes);
  renderLiveConnected(
    server.api,
    <>
      <SeveralDownloadsActions name="x" jobs={pulls} />
      <Toasts />
    </>,
  );
});

afterEach(async () => {
  cleanup();
  await server.close();
});

const stops = () => server.requests.filter((request) => request.method === 'POST').map((r) => r.url);

it('asks once whether to pause the pulls clients read anyway, and forces only those', async () => {
  fireEvent.click(screen.getByRole('button', { name: 'Pause 3 downloads of x' }));
  const dialog = await screen.findByRole('alertdialog', { name: 'Pause 2 downloads of x anyway?' });
  expect(dialog.textContent).toMatch(/these 2 files.*cuts their downloads/);
  // The server's refusal is asked about, not toasted (its message names force=true, which no UI user types).
  expect(screen.queryByText(/force=true/)).toBeNull();
  expect(stops()).toEqual([
    '/api/downloads/pull-a.bin/pause',
    '/api/downloads/pull-b.bin/pause',
    '/api/downloads/pull-c.bin/pause',
  ]);
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Pause anyway' }));
  });
  await waitFor(() =>
    expect(stops().slice(3)).toEqual([
      '/api/downloads/pull-b.bin/pause?force=true',
      '/api/downloads/pull-c.bin/pause?force=true',
    ]),
  );
  expect(screen.queryByRole('alertdialog')).toBeNull();
});

it('skips them when told to, and says how many were skipped', async () => {
  fireEvent.click(screen.getByRole('button', { name: 'Cancel 3 downloads of x' }));
  await screen.findByRole('alertdialog', { name: 'Cancel 2 downloads of x anyway?' });
  fireEvent.click(screen.getByRole('button', { name: 'Skip them' }));
  await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  const toast = (await screen.findByText('Skipped 2 downloads of x')).closest('[role="status"]');
  expect(toast?.textContent).toMatch(/Mirror clients are reading them: not cancelled\./);
  expect(screen.queryByText(/force=true/)).toBeNull();
  expect(stops()).toEqual([
    '/api/downloads/pull-a.bin/cancel',
    '/api/downloads/pull-b.bin/cancel',
    '/api/downloads/pull-c.bin/cancel',
  ]);
});
