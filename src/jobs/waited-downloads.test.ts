import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../test/support/web/job-fixture.js';
import { downloadsWaitedFor, jobsWaitingOn } from './waited-downloads.js';

/** The server's job of org/small, waiting for a file `hubget download` (pid 4242) fetches. */
const job = jobFixture({
  id: 'job',
  repoId: 'org/small',
  waitingFor: { files: 1, bytes: 1000, owners: ['pid 4242'] },
});
/** The watcher's reading of that run's temp files. */
const cli = jobFixture({ id: 'ext-1', kind: 'external', repoId: 'org/small', hubgetRuns: ['pid 4242'] });

describe('a job and the external download it waits for', () => {
  it('pairs the job with the external download of the run it names, and back', () => {
    const all = [job, cli];
    expect(downloadsWaitedFor(job, all).map((other) => other.id)).toEqual(['ext-1']);
    expect(jobsWaitingOn(cli, all).map((other) => other.id)).toEqual(['job']);
  });

  it('pairs nothing of another run, another repo, another program, or a job that waits for nothing', () => {
    const others = [
      { ...cli, id: 'other-pid', hubgetRuns: ['pid 9'] },
      { ...cli, id: 'other-repo', repoId: 'org/big' },
      { ...cli, id: 'python', hubgetRuns: [] },
      { ...cli, id: 'unknown-repo', repoId: '' },
    ];
    expect(downloadsWaitedFor(job, others)).toEqual([]);
    expect(downloadsWaitedFor({ ...job, waitingFor: null }, [cli])).toEqual([]);
    expect(downloadsWaitedFor({ ...job, state: 'paused' }, [cli])).toEqual([]);
    expect(jobsWaitingOn(cli, [{ ...job, waitingFor: null }])).toEqual([]);
  });
});
