// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SpeedSample } from '../../../src/api-types.js';
import type { ScriptedApi } from '../../../test/support/web/api-server.js';
import { renderDownloadsPage } from '../../../test/support/web/downloads-page.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import type { ChartSeries } from '../charts/time-chart.js';

// What the page hands the chart (uPlot itself draws nothing in jsdom).
const drawn: { times: number[]; series: ChartSeries[] }[] = [];
vi.mock('../charts/time-chart.js', () => ({
  TimeChart: (props: { times: number[]; series: ChartSeries[] }) => {
    drawn.push(props);
    return null;
  },
}));

const sample = (seconds: number, bytesPerSecond: number): SpeedSample => ({
  t: seconds * 1000,
  bytesPerSecond,
  downloaded: 0,
  fetchedBytes: 0,
});

// Fetching at 3.1 MB/s, paused for 355 s (no samples), then resumed.
const samples = [
  sample(100, 3.1e6),
  sample(101, 3.1e6),
  sample(102, 3.1e6),
  sample(457, 0),
  sample(458, 3e6),
];

describe('Downloads page history: a pause in the speed chart', () => {
  let server: ScriptedApi;
  beforeEach(async () => {
    drawn.length = 0;
    const job = jobFixture({ id: 'p', name: 'paused-once', state: 'completed', fetchedBytes: 1000 });
    server = await renderDownloadsPage([job], { 'GET /api/downloads/p/history': () => ({ body: samples }) });
  });
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('is a break in the line (a point of no value), not a slope from the last speed to the next', async () => {
    fireEvent.click(await screen.findByRole('button', { name: 'Speed chart for paused-once' }));
    await waitFor(() => expect(drawn.length).toBeGreaterThan(0));
    const { times, series } = drawn.at(-1)!;
    expect(times).toEqual([100, 101, 102, 279.5, 457, 458]);
    expect(series[0]?.values).toEqual([3.1e6, 3.1e6, 3.1e6, null, 0, 3e6]);
  });
});

describe('Downloads page history: a download fetched too fast for a chart', () => {
  let server: ScriptedApi;
  beforeEach(async () => {
    drawn.length = 0;
    // The QA's job: fetched in 53 ms, one sample at its end, which uPlot drew as nothing (an empty chart).
    const job = jobFixture({
      id: 'q',
      name: 'quick',
      state: 'completed',
      downloaded: 466,
      total: 466,
      fetchedBytes: 466,
      fetchingMs: 53,
      startedAt: '2025-12-07T10:00:00.000Z',
      finishedAt: '2025-12-07T10:00:00.080Z',
    });
    server = await renderDownloadsPage([job], {
      'GET /api/downloads/q/history': () => ({ body: [sample(0, 0), sample(0.08, 8.8e3)] }),
    });
  });
  afterEach(async () => {
    cleanup();
    await server.close();
  });

  it('says why there is no chart, in the time the History says, and draws none', async () => {
    fireEvent.click(await screen.findByRole('button', { name: 'Speed chart for quick' }));
    expect(
      await screen.findByText(
        'Fetched in 53 ms: too short for a speed chart (the speed is sampled once a second).',
      ),
    ).toBeTruthy();
    expect(screen.getByText('fetched in 53 ms (8.8 kB/s)')).toBeTruthy();
    expect(drawn).toHaveLength(0);
  });
});
