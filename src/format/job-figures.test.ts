import { describe, expect, it } from 'vitest';
import { completedFigures, type JobBytes, jobByteFigures } from './job-figures.js';

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
      '1.00 MB kept on disk',
    ]);
  });

  it('says a completed job fetched part of it again, in its notification too', () => {
    const completed = job({ state: 'completed', fetchedBytes: 4e6, downloaded: 2e6 });
    expect(jobByteFigures(completed)).toEqual([
      '2.00 MB',
      'fetched 4.00 MB (at least 2.00 MB of it fetched again)',
    ]);
    expect(completedFigures({ ...completed, fetchingMs: 2000 })).toBe(
      '2.00 MB · fetched 4.00 MB (at least 2.00 MB of it fetched again) in 2 s',
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
