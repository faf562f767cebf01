import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { jobSubtitle } from './job-subtitle.js';

describe('jobSubtitle', () => {
  it('tells a download into a folder from one of the same repo into the HF cache', () => {
    const cache = jobFixture({ name: 'small', repoId: 'org/small' });
    const folder = jobFixture({
      name: 'small',
      repoId: 'org/small',
      localDir: '/home/ada/models/smallfolder/',
    });
    expect(jobSubtitle(cache)).toBe('org/small');
    expect(jobSubtitle(folder)).toBe('org/small · folder smallfolder');
    const finishedAt = '2026-12-06T12:12:00.000Z';
    expect(
      jobSubtitle({ ...folder, finishedAt }, { finishedAt: true, nowMs: Date.parse(finishedAt) }),
    ).toMatch(/^org\/small · folder smallfolder · finished /);
  });

  it('names no folder for another program’s download: its folder is its name already', () => {
    const external = jobFixture({
      kind: 'external',
      name: 'x',
      repoId: '',
      localDir: '/m/x',
      resultPath: '/m/x',
    });
    expect(jobSubtitle(external)).toBe('/m/x');
  });
});
