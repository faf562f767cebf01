import { describe, expect, it } from 'vitest';
import type { JobView } from '../../../src/api-types.js';
import { mirrorPullName } from '../../../src/mirror-pull.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import {
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
  });

  it('leaves a verifying job (every byte on disk) out of the speed badge', () => {
    const verifying = jobFixture({ id: 'v', downloaded: 12_000_000_000, speed: 650_000_000, filesDone: 3 });
    const withVerifying = jobsReducer(state, { type: 'job', job: verifying });
    expect(totalSpeed(withVerifying)).toBe(3_500_000);
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
    // Each pull fetches its one file (src/mirror/job-fetcher.ts), so none is another's later attempt.
    const pull = (id: string, jobState: 'running' | 'completed' | 'failed') =>
      jobFixture({
        id,
        name: mirrorPullName('org/many', `${id}.json`),
        include: [`${id}.json`],
        state: jobState,
        finishedAt,
      });
    let withPulls = state;
    for (const job of [pull('p-run', 'running'), pull('p-done', 'completed'), pull('p-failed', 'failed')]) {
      withPulls = jobsReducer(withPulls, { type: 'job', job });
    }
    const shown = panelJobs(withPulls, now, new Set()).map((job) => job.id);
    expect(shown).toEqual(expect.arrayContaining(['p-run', 'p-failed', 'done-new']));
    expect(shown).not.toContain('p-done');
  });

  it('drops from the panel a failed download that a later one of the same place replaced, as the repo page does', () => {
    const now = Date.parse('2025-12-07T10:15:00.000Z');
    const at = (minute: number) => `2025-12-07T10:${String(minute).padStart(2, '0')}:00.000Z`;
    const FAILED = { code: 'TRANSFER_FAILED' as const, message: 'connection dropped' };
    const ofX = (id: string, overrides: Partial<JobView>) =>
      jobFixture({ id, repoId: 'org/x', createdAt: at(1), ...overrides });
    const jobs = [
      // A quantization failed into a folder, then the whole repo completed into that folder.
      ofX('q4-folder', {
        state: 'failed',
        error: FAILED,
        include: ['*Q4*'],
        localDir: '/m/x',
        finishedAt: at(5),
      }),
      ofX('all-folder', { state: 'completed', localDir: '/m/x', finishedAt: at(9) }),
      // A failed download into the cache, retried as a new job of the same files that completed.
      ofX('cache-old', { state: 'failed', error: FAILED, include: ['*Q8*'], finishedAt: at(6) }),
      ofX('cache-new', { state: 'completed', include: ['*Q8*'], finishedAt: at(10) }),
      // Failed into another folder: the folder download above does not replace it.
      ofX('other-folder', { state: 'failed', error: FAILED, localDir: '/m/y', finishedAt: at(7) }),
      // Failed after the completed download of the whole repo into the cache: still a live failure.
      ofX('all-cache', { state: 'completed', finishedAt: at(8) }),
      ofX('q2-cache-later', { state: 'failed', error: FAILED, include: ['*Q2*'], finishedAt: at(11) }),
    ];
    const withX = jobsReducer(initialJobsState, { type: 'snapshot', jobs });
    const shown = panelJobs(withX, now, new Set()).map((job) => job.id);
    expect(shown).not.toContain('q4-folder');
    expect(shown).not.toContain('cache-old');
    expect(shown).toEqual(
      expect.arrayContaining(['other-folder', 'q2-cache-later', 'all-folder', 'cache-new']),
    );
  });

  it('shows one Completed row for a quantization downloaded again into the same place (after a delete)', () => {
    const now = Date.parse('2025-12-07T10:15:00.000Z');
    const at = (minute: number) => `2025-12-07T10:${String(minute).padStart(2, '0')}:00.000Z`;
    const ofX = (id: string, overrides: Partial<JobView>) =>
      jobFixture({ id, repoId: 'org/x', state: 'completed', include: ['*Q4*'], ...overrides });
    const jobs = [
      ofX('q4-first', { createdAt: at(1), finishedAt: at(2) }),
      // Deleted, then downloaded again: the newer completion of the same files into the same place.
      ofX('q4-again', { createdAt: at(5), finishedAt: at(6) }),
      // The same files into a folder, and another quantization into the cache: other places, other files.
      ofX('q4-folder', { localDir: '/m/x', createdAt: at(1), finishedAt: at(3) }),
      ofX('q8', { include: ['*Q8*'], createdAt: at(1), finishedAt: at(4) }),
      // The whole repo into the folder after its Q4 completed there: it holds every file of that one.
      ofX('all-folder', { include: [], localDir: '/m/x', createdAt: at(7), finishedAt: at(8) }),
      // Running again: nothing fetched yet, the completed one stays.
      ofX('q8-done', { include: ['*Q8_0*'], createdAt: at(1), finishedAt: at(9) }),
      ofX('q8-rerun', { include: ['*Q8_0*'], state: 'running', createdAt: at(10), finishedAt: null }),
    ];
    const withX = jobsReducer(initialJobsState, { type: 'snapshot', jobs });
    const shown = panelJobs(withX, now, new Set()).map((job) => job.id);
    expect(shown).not.toContain('q4-first');
    expect(shown).not.toContain('q4-folder');
    expect(shown).toEqual(expect.arrayContaining(['q4-again', 'q8', 'all-folder', 'q8-done', 'q8-rerun']));
  });
});
