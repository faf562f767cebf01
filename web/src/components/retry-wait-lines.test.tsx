// @vitest-environment jsdom
// Before anything that loads uPlot.
import '../../../test/support/web/match-media-stub.js';
import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobView, RetryWaitView } from '../../../src/api-types.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { jobPlaces } from '../../../test/support/web/job-places.js';
import { retryWaitLines } from './retry-wait-lines.js';

const wait = (path: string, leftMs: number, extra: Partial<RetryWaitView> = {}): RetryWaitView => ({
  path,
  status: 429,
  code: 'RATE_LIMITED',
  message: 'The server rate-limited these requests (429 for bytes=0-899)',
  leftMs,
  askedLeftMs: leftMs,
  attempt: 1,
  limit: { forMs: 300_000 },
  lastTry: false,
  ...extra,
});

/** A running job whose other files download (bytes arriving: no quiet second) while a.bin waits out a 429. */
const downloading = jobFixture({
  id: 'job-429',
  name: 'limited',
  repoId: 'org/limited',
  connections: 8,
  speed: 40_000_000,
  noDataSeconds: 0,
  retrying: {
    attempt: 1,
    message: 'The server rate-limited these requests (429 for bytes=0-2097151)',
    unreachable: null,
    limit: { forMs: 300_000 },
  },
  waits: [wait('a.bin', 217_000)],
});

describe('a job one of whose files waits out a 429 while the others download', () => {
  const shown = jobPlaces(downloading);
  const places = () => [shown.panel(), shown.page()];

  it('says the file’s wait at once, in the panel and on the Downloads page, counting down, once', () => {
    shown.render();
    const line = 'a.bin waits 3 min 37 s for the Hub (429), then try 2, for up to 5 min without progress';
    for (const where of places()) expect(within(where).getByText(line)).toBeTruthy();
    shown.send({ ...downloading, waits: [wait('a.bin', 216_000)] });
    for (const where of places()) {
      expect(within(where).getByText(/^a\.bin waits 3 min 36 s for the Hub \(429\)/)).toBeTruthy();
      expect(within(where).queryByText(/3 min 37 s/)).toBeNull();
    }
    // Nothing arrives any more: still the wait's line, not a second line saying the same retry.
    shown.send({ ...downloading, noDataSeconds: 12, speed: 0, waits: [wait('a.bin', 205_000)] });
    for (const where of places()) {
      expect(within(where).getAllByText(/a\.bin|rate-limited|retrying/)).toHaveLength(1);
    }
    // Its wait is over: no line.
    shown.send({ ...downloading, retrying: null, waits: [] });
    expect(screen.queryByText(/waits .* for the Hub/)).toBeNull();
  });
});

describe('a file’s wait for the Hub while the hubget server cannot be reached', () => {
  const shown = jobPlaces(downloading);
  const places = () => [shown.panel(), shown.page()];
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts down every second in the browser from the wait’s deadline, never below zero', async () => {
    // The browser's clock and its repeating timers only: the scripted API still answers (or not) for real.
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    shown.render();
    const line = (left: string) => new RegExp(`^a\\.bin waits ${left} for the Hub \\(429\\)`);
    for (const where of places()) expect(within(where).getByText(line('3 min 37 s'))).toBeTruthy();
    shown.unreachable();
    // The feed's next job list fails: the panel and the page say the server is gone; no update of the wait comes.
    await act(async () => {
      vi.advanceTimersByTime(2000);
    });
    expect(await screen.findAllByText(/^Server unreachable — retrying/)).toHaveLength(2);
    act(() => {
      vi.advanceTimersByTime(5000);
    });
    for (const where of places()) expect(within(where).getByText(line('3 min 30 s'))).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    for (const where of places()) expect(within(where).getByText(line('3 min 29 s'))).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(600_000);
    });
    for (const where of places()) expect(within(where).getByText(line('0 s'))).toBeTruthy();
  });
});

describe('retryWaitLines', () => {
  it('says the try after the wait as the engine will make it, and counts the files past three', () => {
    const job = (waits: RetryWaitView[]): Pick<JobView, 'state' | 'waits'> => ({ state: 'running', waits });
    expect(
      retryWaitLines(
        job([
          wait('model-00001.bin', 238_000, { attempt: 2, lastTry: true, limit: { forMs: 60_000 } }),
          wait('model-00002.bin', 3_400, { status: 503, attempt: 3, limit: { failures: 5 } }),
          wait('', 1000, { status: 503 }),
          wait('model-00003.bin', 9000),
          wait('model-00004.bin', 9000),
        ]),
      ),
    ).toEqual([
      'model-00001.bin waits 3 min 58 s for the Hub (429), then one last try (the 1 min of retries without progress is over by then)',
      'model-00002.bin waits 4 s for the Hub (503), then try 4 of 5',
      'The listing waits 1 s for the Hub (503), then try 2, for up to 5 min without progress',
      'and 2 more files wait for the Hub',
    ]);
    expect(retryWaitLines({ state: 'paused', waits: [wait('a.bin', 1000)] })).toEqual([]);
  });
});
