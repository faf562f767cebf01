import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { createdNotice, deletedNotice } from './notices.js';

describe('createdNotice', () => {
  it('says whether the download runs, waits for a slot or joined one, with the selection in words', () => {
    const queued = jobFixture({ id: 'j1', state: 'queued' });
    const running = jobFixture({ id: 'j2', state: 'running' });
    expect(createdNotice(queued, false, 'org/small', { files: 1, bytes: 22 })).toEqual({
      level: 'info',
      jobId: 'j1',
      title: 'Download queued',
      message: 'org/small: 1 file, 22 B',
    });
    expect(createdNotice(running, false, 'org/small', { files: 3, bytes: 30_000_000 })).toMatchObject({
      title: 'Download started',
      message: 'org/small: 3 files, 30.00 MB',
    });
    expect(createdNotice(running, true, 'org/small', { files: 3, bytes: 30_000_000 })).toMatchObject({
      title: 'Already downloading',
      message: 'org/small: joined the running download.',
    });
    expect(createdNotice(queued, false, 'org/small').message).toBe('org/small');
    // Joined as it is: a paused download stays paused, and the toast does not say it runs.
    expect(createdNotice(jobFixture({ state: 'paused' }), true, 'org/small')).toMatchObject({
      title: 'Already there, paused',
      message: 'org/small: a paused download of the same files; resume it to go on.',
    });
    expect(createdNotice(queued, true, 'org/small')).toMatchObject({
      title: 'Already queued',
      message: 'org/small: joined the queued download.',
    });
  });
});

describe('deletedNotice', () => {
  it('names what went: a model (or a revision), or one GGUF quantization', () => {
    expect(deletedNotice('org/x', 1_000_000).title).toBe('Model deleted');
    expect(deletedNotice('org/x Q6_K', 70_000, true)).toMatchObject({
      title: 'Quantization deleted',
      message: 'org/x Q6_K: 70.00 kB freed',
    });
  });
});
