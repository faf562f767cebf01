import { describe, expect, it } from 'vitest';
import { MAX_ETA_SECONDS } from '../progress/eta.js';
import type { ExternalDownload } from '../progress/external-watcher.js';
import { toExternalJobView } from './external-jobs.js';

function watched(patch: Partial<ExternalDownload>): ExternalDownload {
  return {
    id: 'ext-1',
    repoId: 'org/name',
    repoType: 'model',
    location: 'cache',
    folder: '/cache/models--org--name',
    files: [],
    downloaded: 1_000_000,
    filesDone: 0,
    total: 11_000_000,
    percent: 9.1,
    bytesPerSecond: 1_000_000,
    rateSampledMs: 5000,
    lastActivityAt: 0,
    stalled: false,
    stallReason: null,
    hubgetRuns: [],
    ...patch,
  };
}

describe('an external download as a job: its ETA follows the one rule (progress/eta.ts)', () => {
  it('from a rate measured long enough', () => {
    expect(toExternalJobView(watched({}), 0).eta).toBe(10);
  });

  it('none from a rate measured over too short a time, too slow to mean anything, or while stalled', () => {
    expect(toExternalJobView(watched({ rateSampledMs: 200 }), 0).eta).toBeNull();
    expect(
      toExternalJobView(watched({ bytesPerSecond: 10_000_000 / (MAX_ETA_SECONDS * 2) }), 0).eta,
    ).toBeNull();
    expect(
      toExternalJobView(watched({ stalled: true, stallReason: 'No file activity for 40 s' }), 0).eta,
    ).toBeNull();
  });
});

describe('an external download as a job: seconds without file activity', () => {
  it('counts from the last change of its files', () => {
    expect(toExternalJobView(watched({ lastActivityAt: 10_000 }), 18_900).noDataSeconds).toBe(8);
    expect(toExternalJobView(watched({ lastActivityAt: 10_000 }), 10_000).noDataSeconds).toBe(0);
  });
});

describe('an external download as a job: its files done', () => {
  it('are the files the watcher counts as finished', () => {
    expect(toExternalJobView(watched({ filesDone: 12 }), 0)).toMatchObject({ filesDone: 12, filesTotal: 0 });
  });
});
