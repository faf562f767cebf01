import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { jobLiveFigures } from './live-figures.js';

describe('jobLiveFigures', () => {
  it("shows a running job's speed, connections and ETA", () => {
    const figures = jobLiveFigures(jobFixture({ connections: 12 }), true);
    expect(figures.speed).toBe('45.2 MB/s');
    expect(figures.connections).toBe('12 conns');
    expect(figures.eta).toBe('ETA 2 min 15 s');
    expect(jobLiveFigures(jobFixture({ connections: 1 }), true).connections).toBe('1 conn');
  });

  it('shows none for a job that is not running', () => {
    expect(jobLiveFigures(jobFixture({ state: 'paused', connections: 3 }), true)).toEqual({
      speed: '',
      connections: '',
      eta: '',
    });
  });

  it('shows none while the server is unreachable: the last figures are not live', () => {
    expect(jobLiveFigures(jobFixture({ connections: 12 }), false)).toEqual({
      speed: '',
      connections: '',
      eta: '',
    });
  });
});
