// @vitest-environment jsdom
/**
 * The repo page after a repair of the repo is queued (Verify files → Download them again, here or in another tab: the
 * stream's `verification` event, its result naming the jobs): it reads what is installed again, where it said "all on
 * disk" of the files the repair deleted until the download ended. Not for another repo's repair, nor for findings
 * without a repair.
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import type { ModelVerification, VerificationProgress } from '../../../src/api-verify-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { installedFixture } from '../../../test/support/web/installed-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLiveConnected } from '../../../test/support/web/render-live.js';
import { repoPageFixture } from '../../../test/support/web/repo-page-fixture.js';
import { ModelPage } from './model-page.js';

let server: ScriptedApi | undefined;
afterEach(async () => {
  cleanup();
  await server?.close();
  server = undefined;
  window.history.pushState(null, '', '/');
});

const verification = (id: string, repoId: string, jobs: string[]): ModelVerification => ({
  id,
  repoId,
  repoType: 'model',
  location: 'cache',
  path: `/cache/models--${repoId.replace('/', '--')}`,
  files: 1,
  bytes: 100,
  intact: false,
  problems: [
    {
      path: 'w.bin',
      commit: 'a'.repeat(40),
      file: null,
      problem: 'corrupt',
      expected: null,
      actual: null,
      message: null,
    },
  ],
  repaired: null,
  jobs,
});

/** The stream's end of a verification of `repoId`, its answer naming the repair's `jobs` (none: findings alone). */
const done = (id: string, repoId: string, jobs: string[]): VerificationProgress => ({
  id,
  key: `cache:model/${repoId}`,
  model: { repoType: 'model', repoId },
  state: 'done',
  startedAt: '2026-12-07T18:00:00.000Z',
  hashedBytes: 100,
  totalBytes: 100,
  doneFiles: 1,
  totalFiles: 1,
  bytesPerSecond: 0,
  etaSeconds: 0,
  quietMs: 0,
  result: verification(id, repoId, jobs),
  error: null,
});

it('reads the repo again when a repair of it is queued, not for another repo or findings alone', async () => {
  window.history.pushState(null, '', '/models/org/v');
  server = await startScriptedApi({
    ...liveRoutes(),
    'GET /api/hub/repos/model/org/v': () => ({ body: repoPageFixture({ repoId: 'org/v' }) }),
  });
  const pageReads = () =>
    server!.requests.filter((request) => request.url.startsWith('/api/hub/repos/')).length;
  const stream = renderLiveConnected(server.api, <ModelPage />);
  // The page's first read, answered and shown.
  await server.received((request) => request.url.startsWith('/api/hub/repos/'));
  expect(await screen.findByText(/in all/)).toBeTruthy();
  const before = pageReads();
  expect(before).toBe(1);
  const send = (verification: VerificationProgress) =>
    act(() => stream.send('verification', { type: 'verification', verification }));
  // Neither of these asks again; the repair after them does, once: a read asked for either shows in the count too.
  send(done('v-other', 'org/other', ['job-9']));
  send(done('v-found', 'org/v', []));
  send(done('v-repair', 'org/v', ['job-1']));
  await waitFor(() => expect(pageReads()).toBeGreaterThan(before));
  expect(pageReads()).toBe(before + 1);
  // A repair from findings shown: their end told again, with the jobs. It is one too.
  send(done('v-found', 'org/v', ['job-2']));
  await waitFor(() => expect(pageReads()).toBe(before + 2));
  // The same repair told again (a reopened stream) is not a new one.
  send(done('v-repair', 'org/v', ['job-1']));
  expect(pageReads()).toBe(before + 2);
});

it("reads the repo again once, when this tab's repair is queued and the stream tells it", async () => {
  window.history.pushState(null, '', '/models/org/v');
  server = await startScriptedApi({
    ...liveRoutes(),
    'GET /api/hub/repos/model/org/v': () => ({
      body: repoPageFixture({ repoId: 'org/v', installed: installedFixture('org/v') }),
    }),
    'POST /api/models/verify': (request) => ({
      body: verification('v-1', 'org/v', (request.body as { repair?: boolean }).repair ? ['job-1'] : []),
    }),
  });
  const pageReads = () =>
    server!.requests.filter((request) => request.url.startsWith('/api/hub/repos/')).length;
  const stream = renderLiveConnected(server.api, <ModelPage />);
  fireEvent.click(await screen.findByRole('button', { name: 'Verify files' }));
  const again = await screen.findByRole('button', { name: /^Download (it|them) again/ });
  expect(pageReads()).toBe(1);
  fireEvent.click(again);
  await server.received(
    (request) =>
      request.url === '/api/models/verify' && (request.body as { repair?: boolean }).repair === true,
  );
  // The server tells every tab, this one too: the findings' end again, with the repair's jobs. One read, not two.
  act(() =>
    stream.send('verification', { type: 'verification', verification: done('v-1', 'org/v', ['job-1']) }),
  );
  await waitFor(() => expect(pageReads()).toBe(2));
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(pageReads()).toBe(2);
});
