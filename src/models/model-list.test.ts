import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../test/support/web/job-fixture.js';
import { groupJobsByModel } from './jobs-by-model.js';
import { keyOfJob, mergeModelList } from './model-list.js';

const MODELS = '/srv/models';

describe('model list keys', () => {
  it('keys a job by its cache repo or its folder directly under the models dir', () => {
    expect(keyOfJob(jobFixture({ repoId: 'org/a', localDir: null }), MODELS)).toBe('cache:model/org/a');
    expect(keyOfJob(jobFixture({ localDir: `${MODELS}/small` }), MODELS)).toBe('local:small');
  });

  it('keys a job in a sub-folder by its path relative to the models dir, never by its last folder name', () => {
    const jobs = [
      jobFixture({ id: 'top', localDir: `${MODELS}/nested` }),
      // A job stored before the one-folder rule, and another program's download two levels deep: keyed by
      // their whole relative path, so they never take over the entry of a folder named like their last one.
      jobFixture({ id: 'stored', localDir: `${MODELS}/small/nested`, state: 'failed' }),
      jobFixture({ id: 'external', kind: 'external', localDir: `${MODELS}/org/nested` }),
    ];
    const list = mergeModelList([], [], groupJobsByModel(jobs, MODELS));
    expect(list.map((entry) => [entry.key, entry.job?.id])).toEqual([
      ['local:nested', 'top'],
      ['local:small/nested', 'stored'],
      ['local:org/nested', 'external'],
    ]);
  });

  it('gives no entry to a job in a folder the local-dir scan never finds (hidden, too deep, elsewhere)', () => {
    const jobs = [
      jobFixture({ id: 'bookkeeping', localDir: `${MODELS}/small/.cache/huggingface` }),
      jobFixture({ id: 'hidden', localDir: `${MODELS}/.cache` }),
      jobFixture({ id: 'deep', localDir: `${MODELS}/a/b/c/d` }),
      jobFixture({ id: 'elsewhere', localDir: '/srv/other/x' }),
    ];
    for (const job of jobs) expect(keyOfJob(job, MODELS), job.id).toBeNull();
    expect(mergeModelList([], [], groupJobsByModel(jobs, MODELS))).toEqual([]);
  });
});

describe('model list: several downloads of one model', () => {
  it('lists every active job of the entry, and reads as downloading while one of them runs', () => {
    const job = (id: string, state: 'queued' | 'running' | 'completed', createdAt: string) =>
      jobFixture({ id, state, repoId: 'org/gguf-demo', localDir: null, createdAt });
    const jobs = [
      job('q2', 'running', '2026-01-01T10:00:00Z'),
      job('q6', 'queued', '2026-01-01T10:00:01Z'),
      job('iq4', 'queued', '2026-01-01T10:00:02Z'),
      job('old', 'completed', '2025-12-01T10:00:00Z'),
    ];
    const [entry] = mergeModelList([], [], groupJobsByModel(jobs, '/models'));
    // The row speaks of the running one, as the web's live rows do (leadingJob, src/model-status.ts).
    expect(entry?.job?.id).toBe('q2');
    expect(entry?.activeJobs.map((each) => each.id)).toEqual(['iq4', 'q6', 'q2']);
    expect(entry?.status).toBe('downloading');
  });
});
