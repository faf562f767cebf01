// @vitest-environment jsdom
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { FakeEventSource } from '../../../test/support/web/fake-event-source.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { DownloadsPage } from '../pages/downloads-page.js';
import { DownloadPanel } from './download-panel.js';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const FAILED = { code: 'TRANSFER_FAILED' as const, message: 'connection dropped' };

/**
 * A quantization of org/x failed into /models/x, then the whole repo completed into that folder (the repo page
 * no longer lists that failure); a download of org/y into the cache failed, and nothing replaced it.
 */
const jobs: JobView[] = [
  jobFixture({
    id: 'q4',
    name: 'x Q4_K_M',
    repoId: 'org/x',
    include: ['*Q4_K_M*'],
    localDir: '/models/x',
    state: 'failed',
    error: FAILED,
    createdAt: minutesAgo(9),
    finishedAt: minutesAgo(8),
  }),
  jobFixture({
    id: 'all',
    name: 'x',
    repoId: 'org/x',
    localDir: '/models/x',
    state: 'completed',
    createdAt: minutesAgo(7),
    finishedAt: minutesAgo(2),
    resultPath: '/models/x',
  }),
  jobFixture({
    id: 'y',
    name: 'y',
    repoId: 'org/y',
    state: 'failed',
    error: FAILED,
    createdAt: minutesAgo(6),
    finishedAt: minutesAgo(5),
  }),
];

describe('a failed download a later completed one of the same place replaced', () => {
  let server: ScriptedApi;

  afterEach(async () => {
    cleanup();
    await server.close();
  });

  const render = async (page: 'panel' | 'downloads') => {
    server = await startScriptedApi({
      'GET /api/downloads': () => ({ body: jobs }),
      'GET /api/settings': () => ({ body: { maxParallel: 2, stallTimeoutMs: 30_000 } }),
    });
    let stream: FakeEventSource | undefined;
    renderLive(server.api, page === 'panel' ? <DownloadPanel /> : <DownloadsPage />, () => {
      stream = new FakeEventSource();
      return stream;
    });
    act(() => stream?.open());
  };

  it('is not listed in the panel, nor counted as failed in its header', async () => {
    await render('panel');
    const panel = screen.getByRole('complementary', { name: 'Downloads in progress' });
    // Rows named by their buttons: a quantization's name is shown split ("x" and "Q4_K_M").
    await waitFor(() => expect(within(panel).getByRole('button', { name: 'Retry y' })).toBeTruthy());
    expect(within(panel).getByRole('button', { name: 'Dismiss x' })).toBeTruthy();
    expect(within(panel).queryByRole('button', { name: 'Retry x Q4_K_M' })).toBeNull();
    expect(within(panel).getByText('1 failed')).toBeTruthy();
  });

  it('stays in the Downloads page’s History', async () => {
    await render('downloads');
    const history = await screen.findByRole('region', { name: /History/ });
    // Rows named by their buttons: a quantization's name is shown split ("x" and "Q4_K_M").
    await waitFor(() => expect(within(history).getByRole('button', { name: 'Retry x Q4_K_M' })).toBeTruthy());
    expect(within(history).getByRole('button', { name: 'Retry y' })).toBeTruthy();
  });
});

describe('a completed download a later completed one of the same files and place replaced', () => {
  let server: ScriptedApi;

  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('shows one Completed row for a quantization deleted and downloaded again', async () => {
    // Q4_K_M of org/x into the HF cache, deleted, then downloaded again: the newer completion stands for both.
    const again = (id: string, created: number, finished: number) =>
      jobFixture({
        id,
        name: 'x Q4_K_M',
        repoId: 'org/x',
        include: ['*Q4_K_M*'],
        state: 'completed',
        createdAt: minutesAgo(created),
        finishedAt: minutesAgo(finished),
      });
    server = await startScriptedApi({
      'GET /api/downloads': () => ({ body: [again('first', 12, 11), again('second', 4, 3)] }),
      'GET /api/settings': () => ({ body: { maxParallel: 2, stallTimeoutMs: 30_000 } }),
    });
    let stream: FakeEventSource | undefined;
    renderLive(server.api, <DownloadPanel />, () => {
      stream = new FakeEventSource();
      return stream;
    });
    act(() => stream?.open());
    const panel = screen.getByRole('complementary', { name: 'Downloads in progress' });
    await waitFor(() => expect(within(panel).getAllByRole('button', { name: /^Dismiss x/ })).toHaveLength(1));
    expect(within(panel).getAllByText('Completed')).toHaveLength(1);
  });
});
