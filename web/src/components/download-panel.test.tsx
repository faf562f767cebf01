// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NetworkStats } from '../../../src/api-types.js';
import { type ScriptedApi, startScriptedApi } from '../../../test/support/web/api-server.js';
import { FakeEventSource } from '../../../test/support/web/fake-event-source.js';
import { jobFixture, queuedJobFixture } from '../../../test/support/web/job-fixture.js';
import { liveRoutes } from '../../../test/support/web/live-routes.js';
import { renderLive } from '../../../test/support/web/render-live.js';
import { DownloadPanel } from './download-panel.js';

const network: NetworkStats = {
  supported: true,
  t: Date.now(),
  rxBytesPerSecond: 46_000_000,
  txBytesPerSecond: 120_000,
  interfaces: [],
  hubgetBytesPerSecond: 45_000_000,
};

describe('DownloadPanel', () => {
  let server: ScriptedApi;
  let stream: FakeEventSource;
  const openEvents = () => {
    stream = new FakeEventSource();
    return stream;
  };

  beforeEach(async () => {
    server = await startScriptedApi({
      ...liveRoutes({
        jobs: [jobFixture({ connections: 12 })],
        network,
        settings: { maxParallel: 2, stallTimeoutMs: 30_000 },
      }),
      'POST /api/downloads/job-1/pause': () => ({ body: jobFixture({ state: 'paused', speed: 0 }) }),
    });
  });

  afterEach(async () => {
    cleanup();
    await server.close();
  });

  const renderPanel = () => renderLive(server.api, <DownloadPanel />, openEvents);

  it('shows the header count, the live speed badge and an accessible progress bar per job', async () => {
    renderPanel();
    act(() => {
      stream.open();
      stream.send('job', { type: 'job', job: jobFixture({ connections: 12 }) });
      stream.send('job', { type: 'job', job: queuedJobFixture() });
      stream.send('job', {
        type: 'job',
        job: jobFixture({
          id: 'job-3',
          name: 'Paused one',
          state: 'paused',
          speed: 0,
          downloaded: 1e9,
          percent: 8,
        }),
      });
    });
    // Only the running job downloads; the paused and queued ones are counted beside, not as downloading.
    const toggle = screen.getByRole('button', { name: /Downloading Models/ });
    expect(within(toggle).getByText('Downloading Models (1)')).toBeTruthy();
    expect(within(toggle).getByText('1 paused · 1 queued')).toBeTruthy();
    expect(screen.getByText('↓ 45.2 MB/s')).toBeTruthy();
    const bar = screen.getByRole('progressbar', { name: 'Qwen2.5 7B' });
    expect(bar.getAttribute('aria-valuenow')).toBe('49');
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('100');
    expect(screen.getByText('5.88 GB / 12.00 GB')).toBeTruthy();
    expect(screen.getByText(/Progress counts the bytes on disk as they arrive/)).toBeTruthy();
    expect(screen.getByText('ETA 2 min 15 s')).toBeTruthy();
    // Open connections of the running job only (the queued one has none).
    expect(screen.getByText('12 conns')).toBeTruthy();
    expect(screen.queryAllByText(/conns?$/)).toHaveLength(1);
  });

  it('says why the running job has that many connections, the sentence in the tooltip', () => {
    renderPanel();
    act(() => {
      stream.open();
      stream.send('job', { type: 'job', job: jobFixture({ connections: 4, connectionsReason: 'link' }) });
    });
    const figure = screen.getByText('4 conns', { exact: false });
    expect(figure.textContent).toBe('4 conns · line-bound');
    expect(figure.getAttribute('title')).toMatch(
      /^Range connections open\. More connections did not carry more/,
    );
  });

  it('shows the stall reason while a job is stalled', () => {
    renderPanel();
    act(() => {
      stream.open();
      stream.send('job', {
        type: 'job',
        job: jobFixture({ stalled: true, stallReason: 'No data for 35 s — reconnecting' }),
      });
    });
    expect(screen.getByText('No data for 35 s — reconnecting')).toBeTruthy();
    expect(screen.getByText('Stalled')).toBeTruthy();
  });

  it('says a running job gets no data from the first quiet seconds, long before the stall timeout', async () => {
    renderPanel();
    // The first job list (a running job) is in, and so are the settings (the 30 s stall timeout).
    await waitFor(() => expect(screen.getByText('12 conns')).toBeTruthy());
    await waitFor(() => expect(server.requests.some((r) => r.url.startsWith('/api/settings'))).toBe(true));
    act(() => {
      stream.open();
      stream.send('job', { type: 'job', job: jobFixture({ speed: 0, noDataSeconds: 2 }) });
    });
    // A short gap says nothing.
    expect(screen.queryByText(/No data/)).toBeNull();
    expect(screen.getByText('Downloading')).toBeTruthy();
    act(() => stream.send('job', { type: 'job', job: jobFixture({ speed: 0, noDataSeconds: 8 }) }));
    await waitFor(() =>
      expect(
        screen.getByText('No data for 8 s — hubget reconnects by itself in 22 s (after 30 s without data)'),
      ).toBeTruthy(),
    );
    expect(screen.getByText('Stalled')).toBeTruthy();
    // Bytes again: the line goes.
    act(() => stream.send('job', { type: 'job', job: jobFixture({ noDataSeconds: 0 }) }));
    expect(screen.queryByText(/No data for/)).toBeNull();
    expect(screen.getByText('Downloading')).toBeTruthy();
  });

  it('pauses through the API with a named button', async () => {
    renderPanel();
    act(() => {
      stream.open();
      stream.send('job', { type: 'job', job: jobFixture() });
    });
    fireEvent.click(screen.getByRole('button', { name: 'Pause Qwen2.5 7B' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Resume Qwen2.5 7B' })).toBeTruthy());
    expect(server.requests.some((r) => r.method === 'POST' && r.url === '/api/downloads/job-1/pause')).toBe(
      true,
    );
  });

  it('colour-codes the network footer and says when it falls back to polling', async () => {
    renderPanel();
    act(() => {
      stream.open();
      stream.send('network', { type: 'network', stats: network });
    });
    const footer = screen.getByText('Network Activity:').parentElement!;
    expect(within(footer).getByText('↓ 46.0 MB/s').className).toContain('speed--high');
    expect(within(footer).getByText('↑ 120 kB/s').className).toContain('speed--low');
    act(() => stream.fail(0));
    expect(screen.getByText(/Live updates unavailable/)).toBeTruthy();
  });

  it('says the server is unreachable and blanks speeds and ETAs until it answers again', async () => {
    renderPanel();
    act(() => {
      stream.open();
      stream.send('job', { type: 'job', job: jobFixture({ connections: 12 }) });
      stream.send('network', { type: 'network', stats: network });
    });
    expect(screen.getByText('↓ 45.2 MB/s')).toBeTruthy();
    const row = () => screen.getByRole('progressbar', { name: 'Qwen2.5 7B' }).closest('li')!;
    expect(row().textContent).toContain('ETA 2 min 15 s');

    server.setUnreachable(true);
    act(() => stream.fail(0));
    await waitFor(() => expect(screen.getByText('Unreachable')).toBeTruthy());
    expect(screen.getByText(/Server unreachable — retrying every 2 s/)).toBeTruthy();
    expect(screen.queryByText(/Live updates unavailable/)).toBeNull();
    // The last progress stays (as of the last contact); nothing is presented as a live figure.
    expect(row().textContent).toContain('5.88 GB / 12.00 GB');
    expect(row().textContent).not.toMatch(/B\/s|ETA|conns/);
    expect(screen.queryByText('↓ 45.2 MB/s')).toBeNull();
    expect(screen.getByText('server unreachable')).toBeTruthy();
    // The row's commands need the server: off, with its state marked as the last one known.
    expect(
      (within(row()).getByRole('button', { name: 'Pause Qwen2.5 7B' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    expect(within(row()).getByText('Downloading · last known')).toBeTruthy();

    server.setUnreachable(false);
    await waitFor(() => expect(screen.queryByText('Unreachable')).toBeNull());
    expect(
      (within(row()).getByRole('button', { name: 'Pause Qwen2.5 7B' }) as HTMLButtonElement).disabled,
    ).toBe(false);
    expect(screen.getByText(/Live updates unavailable/)).toBeTruthy();
    act(() => stream.open());
    await waitFor(() => expect(screen.queryByText(/Live updates unavailable/)).toBeNull());
  });

  it('collapses and expands', () => {
    renderPanel();
    const toggle = screen.getByRole('button', { name: /Downloading Models/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.getElementById('download-panel-body')?.hidden).toBe(true);
  });
});
