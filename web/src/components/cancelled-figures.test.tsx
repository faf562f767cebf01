// @vitest-environment jsdom
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { FakeEventSource } from '../../../test/support/web/fake-event-source.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { DownloadsPage } from '../pages/downloads-page.js';
import { DownloadPanel } from './download-panel.js';

/** The reviewer's job: 193.75 MB fetched of 629.15 MB, then cancelled, which deleted the partial file. */
const cancelled = jobFixture({
  id: 'big',
  name: 'big-model',
  repoId: 'slow/big-model',
  state: 'cancelled',
  total: 629_145_602,
  downloaded: 2,
  percent: 0,
  fetchedBytes: 193_750_000,
  fetchingMs: 125_000,
  startedAt: new Date(Date.now() - 131_000).toISOString(),
  finishedAt: new Date(Date.now() - 1000).toISOString(),
});

describe('a cancelled job’s two byte counts', () => {
  let server: ScriptedApi;

  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('says which is kept on disk (the panel row) and which was fetched (the History)', async () => {
    server = await startScriptedApi({
      'GET /api/downloads': () => ({ body: [cancelled] }),
      'GET /api/models': () => ({ body: [] }),
      'GET /api/settings': () => ({ body: { maxParallel: 2, stallTimeoutMs: 30_000 } }),
    });
    let stream: FakeEventSource | undefined;
    renderLive(
      server.api,
      <>
        <DownloadsPage />
        <DownloadPanel />
      </>,
      () => {
        stream = new FakeEventSource();
        return stream;
      },
    );
    act(() => stream?.open());
    const panel = screen.getByRole('complementary', { name: 'Downloads in progress' });
    await waitFor(() => expect(within(panel).getByText('2 B of 629.15 MB kept on disk')).toBeTruthy());
    const history = screen.getByRole('region', { name: /History/ });
    expect(within(history).getByText('Fetched 193.75 MB of 629.15 MB')).toBeTruthy();
    expect(within(history).getByText('2 B kept on disk')).toBeTruthy();
  });
});
