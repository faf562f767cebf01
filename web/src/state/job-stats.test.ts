import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { averageSpeed, jobDurationSeconds } from './job-stats.js';

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
      { t: 0, bytesPerSecond: 0, downloaded: 0 },
      { t: 1000, bytesPerSecond: 2e6, downloaded: 2e6 },
      { t: 2000, bytesPerSecond: 2e6, downloaded: 4e6 },
      { t: 3000, bytesPerSecond: 2e6, downloaded: 6e6 },
      // Paused for 10 s: no samples, and bytes in flight at the pause land in the first interval after.
      { t: 13_000, bytesPerSecond: 0, downloaded: 7e6 },
      { t: 14_000, bytesPerSecond: 2e6, downloaded: 9e6 },
    ];
    expect(averageSpeed(finished, samples)).toBe(2e6);
  });

  it('falls back to bytes over duration without samples', () => {
    expect(averageSpeed(finished, [])).toBe(500_000);
    expect(averageSpeed(jobFixture({ finishedAt: null }), null)).toBeNull();
  });
});
