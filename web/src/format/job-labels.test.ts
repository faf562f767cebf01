import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import {
  jobBytesLabel,
  jobCommands,
  jobEtaLabel,
  jobSpeedLabel,
  jobStateLabel,
  jobTone,
  missingFilesLabel,
  modelStatusLabel,
  queuedSizeLabel,
} from './job-labels.js';

describe('job labels', () => {
  it('names states, with the queue position and stalls', () => {
    expect(jobStateLabel(jobFixture({ state: 'queued', queuePosition: 1 }))).toBe('Queued #2');
    expect(jobStateLabel(jobFixture({ stalled: true }))).toBe('Stalled');
    // Requests failing (a 503 for minutes, a refused connect): retrying, in the warning tone.
    const retrying = { attempt: 7, message: 'Server answered 503', unreachable: null, limit: null };
    expect(jobStateLabel(jobFixture({ noDataSeconds: 40, retrying }))).toBe('Retrying');
    expect(jobTone(jobFixture({ noDataSeconds: 40, retrying }))).toBe('warning');
  });

  it('says a repair job repairs, its files counted, at its own percent (never the model\'s "Downloading")', () => {
    const repair = jobFixture({ repair: true, include: ['model-00002.safetensors'], percent: 1.1 });
    expect(jobStateLabel(repair)).toBe('Repairing');
    const chip = (job: typeof repair, status: 'queued' | 'downloading' | 'paused') =>
      modelStatusLabel({ status, job });
    expect(chip(repair, 'downloading')).toBe('Repairing 1 file · 1.1%');
    expect(chip({ ...repair, state: 'queued', queuePosition: 0 }, 'queued')).toBe(
      'Repairing 1 file · queued',
    );
    expect(chip({ ...repair, include: ['a', 'b'], noDataSeconds: 40, stalled: true }, 'downloading')).toBe(
      'Repairing 2 files · stalled at 1.1%',
    );
    // Another download of the model reads as it did.
    expect(chip(jobFixture({ percent: 1.1 }), 'downloading')).toBe('Downloading 1.1%');
  });

  it('says "Verifying" once every byte of a running job is on disk, with no speed or ETA', () => {
    const running = jobFixture();
    expect([jobStateLabel(running), jobSpeedLabel(running), jobEtaLabel(running)]).toEqual([
      'Downloading',
      '45.2 MB/s',
      'ETA 2 min 15 s',
    ]);
    const verifying = jobFixture({
      downloaded: 12_000_000_000,
      percent: 100,
      speed: 0,
      eta: 0,
      filesDone: 3,
    });
    expect([jobStateLabel(verifying), jobSpeedLabel(verifying), jobEtaLabel(verifying)]).toEqual([
      'Verifying',
      'Verifying…',
      '',
    ]);
    // Finished or paused jobs show neither.
    expect(jobSpeedLabel(jobFixture({ state: 'paused' }))).toBe('');
    expect(jobStateLabel(jobFixture({ state: 'completed', downloaded: 12_000_000_000 }))).toBe('Completed');
  });

  it('says why there is no size yet instead of "0 B / 0 B"', () => {
    expect(jobBytesLabel(jobFixture())).toBe('5.88 GB / 12.00 GB');
    expect(jobBytesLabel(jobFixture({ state: 'queued', total: 0, downloaded: 0 }))).toBe(
      'size known at start',
    );
    expect(jobBytesLabel(jobFixture({ total: 0, downloaded: 0 }))).toBe('size not known yet');
    // Failed before its listing: nothing about size ("Size not known yet" on a failed job said it still might be).
    expect(jobBytesLabel(jobFixture({ state: 'failed', total: 0, downloaded: 0 }))).toBe('');
    expect(queuedSizeLabel(jobFixture({ state: 'paused', total: 0 }))).toBe('size known at start');
  });

  it('gives a queued job its size, or says when it is known, not a bare dash', () => {
    expect(queuedSizeLabel(jobFixture({ state: 'queued', total: 0 }))).toBe('size known at start');
    expect(queuedSizeLabel(jobFixture({ state: 'queued', total: 12e9 }))).toBe('12.00 GB');
    // Its row in the panel and on the Downloads page: the size, not "0 B / 12.00 GB".
    expect(jobBytesLabel(jobFixture({ state: 'queued', total: 12e9, downloaded: 0 }))).toBe('12.00 GB');
    // One that ran before (paused, then queued again) shows what it has.
    expect(jobBytesLabel(jobFixture({ state: 'queued', total: 12e9, downloaded: 3e9 }))).toBe(
      '3.00 GB / 12.00 GB',
    );
  });

  it('offers the actions that fit the state; external downloads are only watched', () => {
    expect(jobCommands(jobFixture({ state: 'running' }))).toEqual(['pause', 'cancel']);
    expect(jobCommands(jobFixture({ state: 'paused' }))).toEqual(['resume', 'cancel']);
    expect(jobCommands(jobFixture({ state: 'failed' }))).toEqual(['retry', 'remove']);
    expect(jobCommands(jobFixture({ kind: 'external', state: 'running' }))).toEqual([]);
  });
});

describe('missingFilesLabel', () => {
  const plan = {
    jobId: 'j',
    commit: 'c',
    files: 4,
    bytes: 4_000_000,
    missingFiles: 1,
    missingBytes: 1_000_000,
  };
  it("names the missing files of hubget's plan, else the unfinished downloads and what they hold", () => {
    expect(missingFilesLabel({ plan, unfinishedFiles: 0, unfinishedBytes: 0 })).toBe(
      '1 of 4 files missing (1.00 MB of 4.00 MB)',
    );
    // Files started and not finished are said beside the count, which the next download resumes: the QA's repo
    // read "2 of 2 files missing (70.00 kB of 70.00 kB)" above "50.47 kB + 8.19 kB partial".
    expect(missingFilesLabel({ plan, unfinishedFiles: 1, unfinishedBytes: 8_190 })).toBe(
      '1 of 4 files missing (1.00 MB of 4.00 MB); 1 partial file on disk (8.19 kB) resumes',
    );
    expect(missingFilesLabel({ plan, unfinishedFiles: 2, unfinishedBytes: 77_000_000 })).toBe(
      '1 of 4 files missing (1.00 MB of 4.00 MB); 2 partial files on disk (77.00 MB) resume',
    );
    expect(missingFilesLabel({ plan: null, unfinishedFiles: 2, unfinishedBytes: 77_000_000 })).toBe(
      '2 unfinished downloads beside it (77.00 MB on disk)',
    );
    expect(missingFilesLabel({ plan: null, unfinishedFiles: 0, unfinishedBytes: 0 })).toBe('');
  });
});
