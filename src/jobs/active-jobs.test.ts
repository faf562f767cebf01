import { describe, expect, it } from 'vitest';
import { sampleStoredJob } from '../../test/support/store-contract.js';
import {
  isActiveCacheJobFor,
  isActiveJob,
  isActiveJobInFolder,
  isActiveOwnJob,
  jobInUseError,
} from './active-jobs.js';

describe('active jobs', () => {
  it('counts queued, running and paused jobs as active, finished ones not', () => {
    const active = (['queued', 'running', 'paused', 'completed', 'failed', 'cancelled'] as const).filter(
      (state) => isActiveJob({ state }),
    );
    expect(active).toEqual(['queued', 'running', 'paused']);
  });

  it('matches an active cache job of the same repo and type only', () => {
    const paused = sampleStoredJob({ repoId: 'org/m', state: 'paused' });
    expect(isActiveCacheJobFor(paused, 'model', 'org/m')).toBe(true);
    expect(isActiveCacheJobFor(paused, 'dataset', 'org/m')).toBe(false);
    expect(isActiveCacheJobFor(paused, 'model', 'org/m2')).toBe(false);
    expect(isActiveCacheJobFor({ ...paused, localDir: 'm' }, 'model', 'org/m')).toBe(false);
    expect(isActiveCacheJobFor({ ...paused, state: 'completed' }, 'model', 'org/m')).toBe(false);
  });

  it('matches an active local-dir job in the folder or below it', () => {
    const paused = sampleStoredJob({ state: 'paused', localDir: '/models/org/m' });
    expect(isActiveJobInFolder(paused, '/models/org/m')).toBe(true);
    expect(isActiveJobInFolder(paused, '/models/org')).toBe(true);
    expect(isActiveJobInFolder(paused, '/models/org/m2')).toBe(false);
    expect(isActiveJobInFolder(paused, '/models/org/m/sub')).toBe(false);
    expect(isActiveJobInFolder({ ...paused, localDir: null }, '/models/org/m')).toBe(false);
    expect(isActiveJobInFolder({ ...paused, state: 'cancelled' }, '/models/org/m')).toBe(false);
  });

  it('says which job holds the place, as IN_USE', () => {
    const error = jobInUseError('org/m', { id: 'j7', name: 'm Q4_K_M', state: 'paused' });
    expect(error.code).toBe('IN_USE');
    // By the name the web UI shows it under, never by its id (a UUID means nothing to a person).
    expect(error.message).toBe('org/m is used by the paused download "m Q4_K_M"; cancel it first');
    expect(error.message).not.toContain('j7');
    expect(error.details).toEqual({ jobId: 'j7' });
  });

  it("leaves another program's watched download out of a job's claims on the place", () => {
    expect(isActiveOwnJob({ state: 'paused' })).toBe(true);
    expect(isActiveOwnJob({ state: 'queued', kind: 'download' })).toBe(true);
    expect(isActiveOwnJob({ state: 'completed', kind: 'download' })).toBe(false);
    expect(isActiveOwnJob({ state: 'running', kind: 'external' })).toBe(false);
  });
});
