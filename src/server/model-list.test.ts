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

  it('gives no entry to a job in a folder the server does not manage (nested, hidden, elsewhere)', () => {
    const jobs = [
      jobFixture({ id: 'top', localDir: `${MODELS}/nested` }),
      // A job stored before the one-folder rule, and another program's download two levels deep: their
      // last folder name is the managed folder's key, which they must not take over.
      jobFixture({ id: 'stored', localDir: `${MODELS}/small/nested`, state: 'failed' }),
      jobFixture({ id: 'external', kind: 'external', localDir: `${MODELS}/org/nested` }),
      jobFixture({ id: 'bookkeeping', localDir: `${MODELS}/small/.cache/huggingface` }),
      jobFixture({ id: 'hidden', localDir: `${MODELS}/.cache` }),
    ];
    for (const job of jobs.slice(1)) expect(keyOfJob(job, MODELS), job.id).toBeNull();
    const list = mergeModelList([], [], groupJobsByModel(jobs, MODELS));
    expect(list.map((entry) => [entry.key, entry.job?.id])).toEqual([['local:nested', 'top']]);
  });
});
