import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { averageSpeed, historyFigures, jobDurationSeconds, speedChartPoints } from './job-stats.js';

const finished = jobFixture({
  state: 'completed',
  downloaded: 10e6,
  startedAt: '2025-12-07T10:00:00.000Z',
  finishedAt: '2025-12-07T10:00:20.000Z',
});

describe('job stats', () => {
  it('measures the duration including pauses', () => {
    expect(jobDurationSeconds(finished)).toBe(20);
  });

  it('averages over the time bytes flowed, ignoring a pause', () => {
    const samples = [
      { t: 0, downloaded: 0 },
      { t: 1000, downloaded: 2e6 },
      { t: 2000, downloaded: 4e6 },
      { t: 3000, downloaded: 6e6 },
      // Paused for 10 s: no samples, and bytes in flight at the pause land in the first interval after.
      { t: 13_000, downloaded: 7e6 },
      { t: 14_000, downloaded: 9e6 },
    ].map((sample) => ({ ...sample, bytesPerSecond: 0, fetchedBytes: sample.downloaded }));
    expect(averageSpeed(finished, samples)).toBe(2e6);
  });

  it('counts only what the job fetched itself, over the time it fetched, not what another download landed', () => {
    const sample = (t: number, downloaded: number, fetchedBytes: number) => ({
      t,
      bytesPerSecond: 0,
      downloaded,
      fetchedBytes,
    });
    const samples = [
      sample(0, 0, 0),
      // Fetching itself at 1 MB/s...
      sample(1000, 1e6, 1e6),
      sample(2000, 2e6, 2e6),
      // ...then waiting while another download lands 50 MB of a file it needs...
      sample(3000, 27e6, 2e6),
      sample(4000, 52e6, 2e6),
      // ...then fetching again, the other download's last bytes landing alongside.
      sample(5000, 58e6, 3e6),
    ];
    expect(averageSpeed(finished, samples)).toBe(1e6);
  });

  it('breaks the speed chart where the average skips a pause, and nowhere else', () => {
    const samples = [0, 1000, 2000, 3000, 13_000, 14_000, 15_100].map((t) => ({
      t,
      bytesPerSecond: t,
      downloaded: 0,
      fetchedBytes: 0,
    }));
    expect(speedChartPoints(samples)).toEqual({
      times: [0, 1, 2, 3, 8, 13, 14, 15.1],
      values: [0, 1000, 2000, 3000, null, 13_000, 14_000, 15_100],
    });
    expect(speedChartPoints(samples.slice(0, 4)).values).not.toContain(null);
    expect(speedChartPoints([])).toEqual({ times: [], values: [] });
  });

  it('takes the engine’s fetching time when recorded: the same figure with or without the samples', () => {
    // 10 MB fetched in 4 s of fetching, over a 20 s job (paused, queued, waiting between).
    const timed = { ...finished, fetchedBytes: 10e6, fetchingMs: 4000 };
    const samples = [
      { t: 0, bytesPerSecond: 0, downloaded: 0, fetchedBytes: 0 },
      { t: 1000, bytesPerSecond: 0, downloaded: 2e6, fetchedBytes: 2e6 },
    ];
    expect(averageSpeed(timed, null)).toBe(2.5e6);
    expect(averageSpeed(timed, samples)).toBe(2.5e6);
    expect(averageSpeed({ ...timed, fetchedBytes: 0 }, null)).toBeNull();
  });

  it('falls back to what landed on disk for samples stored before the fetched count was', () => {
    const samples = [
      { t: 0, bytesPerSecond: 0, downloaded: 0, fetchedBytes: null },
      { t: 1000, bytesPerSecond: 0, downloaded: 3e6, fetchedBytes: null },
      // Recorded from here on: the interval across the upgrade has one end unknown, so it counts landed bytes.
      { t: 2000, bytesPerSecond: 0, downloaded: 6e6, fetchedBytes: 6e6 },
      { t: 3000, bytesPerSecond: 0, downloaded: 20e6, fetchedBytes: 9e6 },
    ];
    expect(averageSpeed(finished, samples)).toBe(3e6);
  });

  it('falls back to bytes fetched over duration without samples', () => {
    expect(averageSpeed(finished, [])).toBe(500_000);
    expect(averageSpeed({ ...finished, fetchedBytes: 4e6 }, [])).toBe(200_000);
    expect(averageSpeed({ ...finished, fetchedBytes: 0 }, null)).toBeNull();
    expect(averageSpeed(jobFixture({ finishedAt: null }), null)).toBeNull();
  });

  const at = (seconds: number) => ({
    startedAt: '2025-12-07T10:00:00.000Z',
    finishedAt: new Date(Date.parse('2025-12-07T10:00:00.000Z') + seconds * 1000).toISOString(),
  });

  it('says a download that found everything on disk fetched nothing, with no duration or speed', () => {
    const job = jobFixture({
      state: 'completed',
      downloaded: 209.72e6,
      total: 209.72e6,
      fetchedBytes: 0,
      ...at(0.4),
    });
    expect(historyFigures(job, null)).toEqual(['209.72 MB', 'Already on disk: nothing fetched']);
  });

  it('says what a local-dir download copied from the HF cache rather than "already on disk"', () => {
    const allCopied = jobFixture({
      localDir: '/models/x',
      state: 'completed',
      downloaded: 5.24e6,
      total: 5.24e6,
      fetchedBytes: 0,
      copiedBytes: 5.24e6,
      ...at(0.2),
    });
    expect(historyFigures(allCopied, null)).toEqual(['5.24 MB', 'copied from the HF cache']);
    const partlyCopied = jobFixture({
      localDir: '/models/x',
      state: 'completed',
      downloaded: 100e6,
      total: 100e6,
      fetchedBytes: 20e6,
      copiedBytes: 30e6,
      ...at(1),
    });
    expect(historyFigures(partlyCopied, null)).toEqual([
      '100.00 MB',
      'fetched 20.00 MB',
      '30.00 MB copied from the HF cache',
      'fetched in 1.0 s (20.0 MB/s)',
    ]);
  });

  it('says what a download into the cache copied from a local dir or another repo’s folder, no place recorded: files on disk', () => {
    const job = jobFixture({
      state: 'completed',
      downloaded: 100e6,
      total: 100e6,
      fetchedBytes: 60e6,
      copiedBytes: 40e6,
      ...at(1),
    });
    expect(historyFigures(job, null)).toContain('40.00 MB copied from files on disk');
    expect(historyFigures({ ...job, fetchedBytes: 0, copiedBytes: 100e6 }, null)).toContain(
      'copied from files on disk',
    );
  });

  it('names the places the job’s file records say its copies came from, in the CLI’s words', () => {
    const job = jobFixture({
      state: 'completed',
      downloaded: 100e6,
      total: 100e6,
      fetchedBytes: 60e6,
      copiedBytes: 40e6,
      copiedFrom: [{ from: 'hf-cache', repoId: 'other/fork' }],
      ...at(1),
    });
    expect(historyFigures(job, null)).toContain('40.00 MB copied from other/fork in the HF cache');
    const fromFolder = {
      ...job,
      fetchedBytes: 0,
      copiedBytes: 100e6,
      copiedFrom: [{ from: 'local-dir' as const, dir: '/models/tiny' }],
    };
    expect(historyFigures(fromFolder, null)).toContain('copied from the local dir /models/tiny');
  });

  it('shows what a cancelled or failed job fetched of its size, the same way for both', () => {
    const cancelled = jobFixture({
      state: 'cancelled',
      downloaded: 0,
      total: 209.72e6,
      fetchedBytes: 45e6,
      ...at(9),
    });
    // The cancel deleted the partial files: what it fetched is not what it kept.
    expect(historyFigures(cancelled, null)).toEqual([
      'Fetched 45.00 MB of 209.72 MB',
      'Nothing kept on disk',
      'fetched in 9.0 s (5.0 MB/s)',
    ]);
    const failedAtOnce = jobFixture({ state: 'failed', downloaded: 0, total: 0, fetchedBytes: 0, ...at(0) });
    const cancelledQueued = jobFixture({
      state: 'cancelled',
      downloaded: 0,
      total: 0,
      fetchedBytes: 0,
      startedAt: null,
    });
    expect(historyFigures(failedAtOnce, null)).toEqual(['Nothing fetched']);
    expect(historyFigures(cancelledQueued, null)).toEqual(historyFigures(failedAtOnce, null));
  });

  it('shows no average that rounds to 0 B/s (a failed job that fetched a few bytes over minutes)', () => {
    const failed = jobFixture({
      state: 'failed',
      downloaded: 100,
      total: 1e6,
      fetchedBytes: 100,
      fetchingMs: 600_000,
      ...at(600),
    });
    expect(historyFigures(failed, null)).toEqual(['Fetched 100 B of 1.00 MB', '10 min 00 s in all']);
  });

  it('says how much of a completed download was fetched, and "0.5 s" rather than "0 s"', () => {
    const job = jobFixture({
      state: 'completed',
      downloaded: 100e6,
      total: 100e6,
      fetchedBytes: 20e6,
      ...at(0.5),
    });
    expect(historyFigures(job, null)).toEqual([
      '100.00 MB',
      'fetched 20.00 MB',
      'fetched in 0.5 s (40.0 MB/s)',
    ]);
  });

  it('says the time it fetched in and the speed, then the start to finish when the rest is a second or more', () => {
    // The QA's GGUF quantization: 90.47 kB in 1.4 s from start to finish, 0.08 s of it fetching.
    const job = jobFixture({
      state: 'completed',
      downloaded: 110_470,
      total: 110_470,
      fetchedBytes: 90_470,
      fetchingMs: 80,
      ...at(1.4),
    });
    expect(historyFigures(job, null)).toEqual([
      '110.47 kB',
      'fetched 90.47 kB',
      'fetched in 80 ms (1.1 MB/s)',
      '1.4 s in all',
    ]);
  });

  it('says one time for a download fetched in 31 ms of its 75 ms, in the CLI summary’s words', () => {
    // The QA's job: 466 B, "Start to finish 75 ms" beside "Average 15.0 kB/s in 31 ms fetching", two times for one.
    const quick = jobFixture({
      state: 'completed',
      downloaded: 466,
      total: 466,
      fetchedBytes: 466,
      fetchingMs: 31,
      ...at(0.075),
    });
    expect(historyFigures(quick, null)).toEqual(['466 B', 'fetched in 31 ms (15.0 kB/s)']);
  });

  it('does not say the fetched bytes again when they read the same as the size (2 B were on disk)', () => {
    const job = jobFixture({
      state: 'completed',
      downloaded: 629_145_602,
      total: 629_145_602,
      fetchedBytes: 629_145_600,
      ...at(20),
    });
    expect(historyFigures(job, null)).toEqual(['629.15 MB', 'fetched in 20 s (31.5 MB/s)']);
  });

  it('says the duration is from start to finish, not time spent running (a retried job sat failed in it)', () => {
    // The reviewer's job: failed, Retry four minutes later, completed; 2 min 59 s of fetching in all.
    const retried = jobFixture({
      state: 'completed',
      downloaded: 167.77e6,
      total: 167.77e6,
      fetchedBytes: 167.77e6,
      fetchingMs: 179_000,
      ...at(438),
    });
    expect(historyFigures(retried, null)).toEqual([
      '167.77 MB',
      'fetched in 2 min 59 s (937 kB/s)',
      '7 min 18 s in all',
    ]);
  });

  it('says how long the job waited for the Hub, in the CLI summary’s words, beside the fetching time', () => {
    // The CLI's "62.91 MB fetched in 9.0 s (7.0 MB/s), waited 3 min 37 s for the Hub; 3 min 46 s in all".
    const limited = jobFixture({
      state: 'completed',
      downloaded: 62.91e6,
      total: 62.91e6,
      fetchedBytes: 62.91e6,
      fetchingMs: 9000,
      hubWaitedMs: 217_000,
      ...at(226),
    });
    expect(historyFigures(limited, null)).toEqual([
      '62.91 MB',
      'fetched in 9.0 s (7.0 MB/s)',
      '3 min 46 s in all',
      'waited 3 min 37 s for the Hub',
    ]);
    // A job that gave up after minutes of 429s, nothing fetched: the wait is what there is to say.
    const gaveUp = { ...limited, state: 'failed' as const, downloaded: 0, fetchedBytes: 0, fetchingMs: 0 };
    expect(historyFigures(gaveUp, null)).toEqual([
      'Nothing fetched of 62.91 MB',
      'waited 3 min 37 s for the Hub',
    ]);
    // By the CLI's rule: a wait under a tenth of the job is not said, nor one not recorded (a job stored before).
    expect(historyFigures({ ...limited, hubWaitedMs: 2000 }, null)).not.toContainEqual(
      expect.stringContaining('for the Hub'),
    );
    expect(historyFigures({ ...limited, hubWaitedMs: null }, null)).toHaveLength(3);
  });

  it('names the fetching time the average is over when a pause makes it differ from the duration', () => {
    // The user's job: 90.48 MB fetched in 29 s, over 6 min 23 s with a 355 s pause.
    const paused = jobFixture({
      state: 'cancelled',
      downloaded: 90.48e6,
      total: 157.29e6,
      fetchedBytes: 90.48e6,
      fetchingMs: 29_000,
      ...at(383),
    });
    expect(historyFigures(paused, null)).toEqual([
      'Fetched 90.48 MB of 157.29 MB',
      'fetched in 29 s (3.1 MB/s)',
      '6 min 23 s in all',
    ]);
    // Without the engine's time (a job stored before it was recorded): the samples' fetching intervals.
    const samples = [0, 1000, 2000, 357_000, 358_000].map((t, index) => ({
      t,
      bytesPerSecond: 0,
      downloaded: [0, 1e6, 2e6, 2e6, 3e6][index]!,
      fetchedBytes: [0, 1e6, 2e6, 2e6, 3e6][index]!,
    }));
    expect(historyFigures({ ...paused, fetchedBytes: 3e6, fetchingMs: null }, samples)).toEqual([
      'Fetched 3.00 MB of 157.29 MB',
      'Finished files kept: 90.48 MB',
      'fetched in 3.0 s (1.0 MB/s)',
      '6 min 23 s in all',
    ]);
    // Fetching all along: one time, the one the average is over.
    expect(historyFigures({ ...paused, fetchingMs: 382_600 }, null)).toEqual([
      'Fetched 90.48 MB of 157.29 MB',
      'fetched in 6 min 23 s (236 kB/s)',
    ]);
  });

  it('says what another download fetched for it, in the CLI\'s words, never "nothing fetched"', () => {
    const waited = jobFixture({
      state: 'completed',
      downloaded: 629.15e6,
      total: 629.15e6,
      fetchedBytes: 0,
      otherRunBytes: 629.15e6,
      ...at(15),
    });
    expect(historyFigures(waited, null)).toEqual(['629.15 MB', 'fetched by another download']);
    const both = jobFixture({
      state: 'completed',
      downloaded: 1000e6,
      total: 1000e6,
      fetchedBytes: 370.85e6,
      otherRunBytes: 629.15e6,
      ...at(10),
    });
    expect(historyFigures(both, null)).toEqual([
      '1.00 GB',
      'fetched 370.85 MB',
      '629.15 MB fetched by another download',
      'fetched in 10 s (37.1 MB/s)',
    ]);
    const paused = jobFixture({ ...both, state: 'cancelled', fetchedBytes: 0, otherRunBytes: 200e6 });
    expect(historyFigures(paused, null)).toEqual([
      'Nothing fetched of 1.00 GB',
      'Finished files kept: 1.00 GB',
      '200.00 MB fetched by another download',
    ]);
  });
});
