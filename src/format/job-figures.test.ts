import { describe, expect, it } from 'vitest';
import { doneEvent } from '../../test/support/cli/test-events.js';
import { doneLine } from '../cli/renderers/event-lines.js';
import type { TransferEvent } from '../progress/events.js';
import {
  completedFigures,
  hubWaitedFigure,
  type JobBytes,
  jobByteFigures,
  keptOnDiskFigure,
} from './job-figures.js';

const job = (over: Partial<JobBytes>): JobBytes => ({
  state: 'failed',
  total: 2e6,
  downloaded: 0,
  fetchedBytes: 0,
  otherRunBytes: 0,
  copiedBytes: 0,
  localDir: null,
  ...over,
});

describe('a job that fetched more than its size', () => {
  it('says a failed job fetched a file again, not "Fetched 4.00 MB of 2.00 MB"', () => {
    // A 2 MB file failed its checksum, was fetched again, failed again: its temp file was deleted.
    expect(jobByteFigures(job({ fetchedBytes: 4e6 }))).toEqual([
      'Fetched 4.00 MB for 2.00 MB (at least 2.00 MB of it fetched again)',
      '0 B kept on disk',
    ]);
    expect(jobByteFigures(job({ state: 'cancelled', fetchedBytes: 3e6, downloaded: 1e6 }))).toEqual([
      'Fetched 3.00 MB for 2.00 MB (at least 1.00 MB of it fetched again)',
      'Finished files kept: 1.00 MB',
    ]);
  });

  it('says a completed job fetched part of it again, in its notification too', () => {
    const completed = job({ state: 'completed', fetchedBytes: 4e6, downloaded: 2e6 });
    expect(jobByteFigures(completed)).toEqual([
      '2.00 MB',
      'fetched 4.00 MB (at least 2.00 MB of it fetched again)',
    ]);
    expect(completedFigures({ ...completed, fetchingMs: 2000 })).toBe(
      '2.00 MB · fetched 4.00 MB (at least 2.00 MB of it fetched again) in 2.0 s',
    );
  });

  it('keeps "of" while it fetched no more than its size, and says nothing when the figures read the same', () => {
    expect(jobByteFigures(job({ fetchedBytes: 1e6 }))).toEqual([
      'Fetched 1.00 MB of 2.00 MB',
      '0 B kept on disk',
    ]);
    expect(jobByteFigures(job({ fetchedBytes: 2e6 + 2 }))).toEqual([
      'Fetched 2.00 MB of 2.00 MB',
      '0 B kept on disk',
    ]);
    expect(jobByteFigures(job({ state: 'completed', fetchedBytes: 2e6 + 2, downloaded: 2e6 }))).toEqual([
      '2.00 MB',
    ]);
  });
});

describe('what an ended job kept on disk', () => {
  it('says a cancelled job kept its finished files, of the size, and a failed one its partial files too', () => {
    // The QA's job: config.json (22 B) finished, the 20.97 MB weights cancelled: it read "22 B of 20.97 MB kept
    // on disk", as if part of the download were kept to resume.
    expect(keptOnDiskFigure('cancelled', 22, 20_971_542)).toBe('Finished files kept: 22 B of 20.97 MB');
    expect(keptOnDiskFigure('cancelled', 0, 20_971_542)).toBe('Nothing kept on disk');
    expect(jobByteFigures(job({ state: 'cancelled', fetchedBytes: 1e6 }))).toEqual([
      'Fetched 1.00 MB of 2.00 MB',
      'Nothing kept on disk',
    ]);
    expect(keptOnDiskFigure('failed', 22, 20_971_542)).toBe('22 B of 20.97 MB kept on disk');
  });
});

describe('a job that waited for the Hub', () => {
  it('says the wait in its completion notification as its History does, by the CLI summary’s rule', () => {
    // The test hub's 429 with Retry-After 10 s: 20.97 MB in 1.3 s of fetching, 11 s waited, 13 s in all.
    const waited = {
      ...job({ state: 'completed', total: 20.97e6, downloaded: 20.97e6, fetchedBytes: 20.97e6 }),
      fetchingMs: 1288,
      hubWaitedMs: 11_000,
      startedAt: '2026-12-07T00:58:32.254Z',
      finishedAt: '2026-12-07T00:58:44.870Z',
    };
    expect(completedFigures(waited)).toBe('20.97 MB in 1.3 s · waited 11 s for the Hub');
    // Under a tenth of the job, or not recorded: not said.
    expect(completedFigures({ ...waited, hubWaitedMs: 1000 })).toBe('20.97 MB in 1.3 s');
    expect(completedFigures({ ...waited, hubWaitedMs: null })).toBe('20.97 MB in 1.3 s');
  });

  it('says a short wait and fetching time as the CLI summary does, tenths and all', () => {
    // 3.3 s waited, 0.7 s fetching, 10 s from start to finish: the History read `waited 3 s`, `in under 1 s`.
    const done = { ...doneEvent(20.97e6, 10_000), fetchingMs: 700, hubWaitedMs: 3300 } as const;
    const cli = doneLine(done as Extract<TransferEvent, { type: 'done' }>);
    const times = { startedAt: '2026-12-07T00:58:30.000Z', finishedAt: '2026-12-07T00:58:40.000Z' };
    const history = hubWaitedFigure({ hubWaitedMs: 3300, ...times });
    expect(history).toBe('waited 3.3 s for the Hub');
    expect(cli).toContain(history);
    const finished = {
      ...job({ state: 'completed', total: 20.97e6, downloaded: 20.97e6, fetchedBytes: 20.97e6 }),
    };
    expect(completedFigures({ ...finished, fetchingMs: 700, hubWaitedMs: 3300, ...times })).toBe(
      '20.97 MB in 0.7 s · waited 3.3 s for the Hub',
    );
    expect(cli).toContain('fetched in 0.7 s');
  });
});

describe('a job that linked a fork’s weights', () => {
  it('says what was linked apart from what was copied, as the CLI’s summary does', () => {
    const from = [{ from: 'hf-cache' as const, repoId: 'org/base' }];
    const done = { state: 'completed' as const, downloaded: 2e6, copiedFrom: from };
    expect(jobByteFigures(job({ ...done, copiedBytes: 2e6, linkedBytes: 2e6 }))).toContain(
      'linked from org/base in the HF cache (no room taken)',
    );
    expect(
      jobByteFigures(job({ ...done, fetchedBytes: 5e5, copiedBytes: 1.5e6, linkedBytes: 1e6 })),
    ).toContain('1.00 MB linked (no room taken) and 500.00 kB copied from org/base in the HF cache');
  });
});
