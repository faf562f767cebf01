// @vitest-environment jsdom
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { FakeEventSource } from '../../../test/support/web/fake-event-source.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { DownloadsPage } from '../pages/downloads-page.js';
import { DownloadPanel } from './download-panel.js';

/** huggingface_hub downloading org/medium into the cache, seen through its temp file: no total, no files. */
const external = jobFixture({
  id: 'ext-1',
  kind: 'external',
  name: 'medium',
  repoId: 'org/medium',
  revision: '',
  downloaded: 1_600_000,
  total: 0,
  percent: 0,
  speed: 200_000,
  eta: null,
  filesDone: 0,
  filesTotal: 0,
  resultPath: '/cache/models--org--medium',
});

describe('an external download', () => {
  let server: ScriptedApi;
  let stream: FakeEventSource;

  beforeEach(async () => {
    server = await startScriptedApi({
      'GET /api/downloads': () => ({ body: [external] }),
      'GET /api/settings': () => ({ body: { maxParallel: 2, stallTimeoutMs: 30_000 } }),
    });
  });

  afterEach(async () => {
    cleanup();
    await server.close();
  });

  const renderBoth = () => {
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
    act(() => {
      stream.open();
      stream.send('job', { type: 'job', job: external });
    });
  };

  it('is tagged "external" and says what it is, in the panel and on the Downloads page', () => {
    renderBoth();
    const panel = screen.getByRole('complementary', { name: 'Downloads in progress' });
    const page = screen.getByRole('heading', { name: 'Active (1)' }).closest('section')!;
    for (const where of [panel, page]) {
      expect(within(where).getByText('external')).toBeTruthy();
      expect(
        within(where).getByText(/^Another program’s download .* hubget only watches its temp files/),
      ).toBeTruthy();
      expect(within(where).getByText('org/medium')).toBeTruthy();
      // Only watched: nothing to press.
      expect(within(where).queryByRole('button', { name: /medium/ })).toBeNull();
    }
  });

  it('shows no file count and no "of 0 B" it does not have', () => {
    renderBoth();
    const page = screen.getByRole('heading', { name: 'Active (1)' }).closest('section')!;
    expect(page.textContent).not.toMatch(/0\/0 files|\/ 0 B/);
    expect(within(page).getByText('1.60 MB so far, total unknown')).toBeTruthy();
  });
});
