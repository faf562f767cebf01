import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import { createdNotice, deletedNotice } from './notices.js';

describe('createdNotice', () => {
  it('says whether the download runs, waits for a slot or joined one, with the selection in words', () => {
    const ofSmall = { repoId: 'org/small', name: 'small' };
    const queued = jobFixture({ id: 'j1', state: 'queued', ...ofSmall });
    const running = jobFixture({ id: 'j2', state: 'running', ...ofSmall });
    expect(createdNotice(queued, false, { files: 1, bytes: 22 })).toEqual({
      level: 'info',
      jobId: 'j1',
      title: 'Download queued',
      message: 'org/small: 1 file, 22 B',
    });
    expect(createdNotice(running, false, { files: 3, bytes: 30_000_000 })).toMatchObject({
      title: 'Download started',
      message: 'org/small: 3 files, 30.00 MB',
    });
    expect(createdNotice(running, true, { files: 3, bytes: 30_000_000 })).toMatchObject({
      title: 'Already downloading',
      message: 'org/small: joined the running download.',
    });
    expect(createdNotice(queued, false).message).toBe('org/small');
    // Joined as it is: a paused download stays paused, and the toast does not say it runs.
    expect(createdNotice(jobFixture({ state: 'paused', ...ofSmall }), true)).toMatchObject({
      title: 'Already there, paused',
      message: 'org/small: a paused download of the same files; resume it to go on.',
    });
    expect(createdNotice(queued, true)).toMatchObject({
      title: 'Already queued',
      message: 'org/small: joined the queued download.',
    });
  });

  it('names a GGUF quantization’s download by its quantization, not only by its repo', () => {
    const q8 = jobFixture({ state: 'running', repoId: 'TheBloke/tiny-GGUF', name: 'tiny-GGUF Q8_0' });
    expect(createdNotice(q8, false, { files: 5, bytes: 110_470 }).message).toBe(
      'tiny-GGUF Q8_0 (TheBloke/tiny-GGUF): 5 files, 110.47 kB',
    );
    expect(createdNotice(q8, true).message).toBe(
      'tiny-GGUF Q8_0 (TheBloke/tiny-GGUF): joined the running download.',
    );
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
