import { describe, expect, it } from 'vitest';
import { mirrorPullName } from '../../../src/mirror-pull.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import {
  activeCount,
  initialJobsState,
  jobsReducer,
  panelJobs,
  queuedJobs,
  sortedJobs,
  totalSpeed,
} from './jobs-reducer.js';

describe('jobsReducer', () => {
  it('upserts jobs from events and removes them', () => {
    let state = jobsReducer(initialJobsState, { type: 'job', job: jobFixture({ id: 'a', percent: 10 }) });
    state = jobsReducer(state, { type: 'job', job: jobFixture({ id: 'a', percent: 20 }) });
    state = jobsReducer(state, { type: 'job', job: jobFixture({ id: 'b' }) });
    expect(state.byId.a?.percent).toBe(20);
    state = jobsReducer(state, { type: 'job-removed', id: 'a' });
    expect(Object.keys(state.byId)).toEqual(['b']);
  });

  it('keeps the same object when nothing changed (no re-render)', () => {
    const state = jobsReducer(initialJobsState, { type: 'job', job: jobFixture() });
    expect(jobsReducer(state, { type: 'job', job: jobFixture() })).toBe(state);
    expect(jobsReducer(state, { type: 'job-removed', id: 'nope' })).toBe(state);
  });

  it('replaces everything with a snapshot', () => {
    let state = jobsReducer(initialJobsState, { type: 'job', job: jobFixture({ id: 'gone' }) });
    state = jobsReducer(state, { type: 'snapshot', jobs: [jobFixture({ id: 'x' })] });
    expect(Object.keys(state.byId)).toEqual(['x']);
  });
});

describe('selectors', () => {
  const jobs = [
    jobFixture({ id: 'q2', state: 'queued', queuePosition: 1, speed: 0 }),
    jobFixture({ id: 'done-old', state: 'completed', finishedAt: '2025-12-07T09:00:00.000Z' }),
    jobFixture({ id: 'run', state: 'running', speed: 1_000_000 }),
    jobFixture({ id: 'q1', state: 'queued', queuePosition: 0, speed: 0 }),
    jobFixture({ id: 'done-new', state: 'completed', finishedAt: '2025-12-07T10:10:00.000Z' }),
    jobFixture({ id: 'paused', state: 'paused', speed: 999 }),
    jobFixture({ id: 'run2', state: 'running', speed: 2_500_000 }),
  ];
  const state = jobsReducer(initialJobsState, { type: 'snapshot', jobs });

  it('orders running, paused, queue order, then finished newest first', () => {
    expect(sortedJobs(state).map((job) => job.id)).toEqual([
      'run',
      'run2',
      'paused',
      'q1',
      'q2',
      'done-new',
      'done-old',
    ]);
    expect(queuedJobs(state).map((job) => job.id)).toEqual(['q1', 'q2']);
  });

  it('sums only running jobs for the speed badge', () => {
    expect(totalSpeed(state)).toBe(3_500_000);
    expect(activeCount(state)).toBe(5);
  });

  it('leaves a verifying job (every byte on disk) out of the speed badge', () => {
    const verifying = jobFixture({ id: 'v', downloaded: 12_000_000_000, speed: 650_000_000, filesDone: 3 });
    const withVerifying = jobsReducer(state, { type: 'job', job: verifying });
    expect(totalSpeed(withVerifying)).toBe(3_500_000);
    expect(activeCount(withVerifying)).toBe(6);
  });

  it('shows active jobs and recent, undismissed finished ones in the panel', () => {
    const now = Date.parse('2025-12-07T10:15:00.000Z');
    expect(panelJobs(state, now, new Set()).map((job) => job.id)).toContain('done-new');
    expect(panelJobs(state, now, new Set()).map((job) => job.id)).not.toContain('done-old');
    expect(panelJobs(state, now, new Set(['done-new'])).map((job) => job.id)).not.toContain('done-new');
  });

  it('keeps a mirror pull in the panel while it runs or when it failed, not once it completed', () => {
    const now = Date.parse('2025-12-07T10:15:00.000Z');
    const finishedAt = '2025-12-07T10:14:00.000Z';
    const pull = (id: string, jobState: 'running' | 'completed' | 'failed') =>
      jobFixture({ id, name: mirrorPullName('org/many', `${id}.json`), state: jobState, finishedAt });
    let withPulls = state;
    for (const job of [pull('p-run', 'running'), pull('p-done', 'completed'), pull('p-failed', 'failed')]) {
      withPulls = jobsReducer(withPulls, { type: 'job', job });
    }
    const shown = panelJobs(withPulls, now, new Set()).map((job) => job.id);
    expect(shown).toEqual(expect.arrayContaining(['p-run', 'p-failed', 'done-new']));
    expect(shown).not.toContain('p-done');
  });
});
