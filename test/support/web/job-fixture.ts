/** A complete JobView with overridable fields, for unit and component tests. */
import type { JobView } from '../../../src/api-types.js';
import { NO_INTERRUPTIONS } from '../../../src/job-interruptions.js';

export function jobFixture(overrides: Partial<JobView> = {}): JobView {
  return {
    id: 'job-1',
    kind: 'download',
    state: 'running',
    name: 'Qwen2.5 7B',
    repair: false,
    repoId: 'Qwen/Qwen2.5-7B',
    repoType: 'model',
    revision: 'main',
    commit: null,
    include: [],
    exclude: [],
    localDir: null,
    downloaded: 5_880_000_000,
    total: 12_000_000_000,
    percent: 49,
    speed: 45_200_000,
    eta: 135,
    filesDone: 1,
    filesTotal: 4,
    stalled: false,
    stallReason: null,
    noDataSeconds: 0,
    retrying: null,
    waits: [],
    connections: 0,
    connectionsReason: null,
    waitingFor: null,
    hubgetRuns: [],
    error: null,
    bandwidthLimit: 0,
    queuePosition: null,
    createdAt: '2025-12-07T10:00:00.000Z',
    startedAt: '2025-12-07T10:00:01.000Z',
    finishedAt: null,
    lastActivityAt: '2025-12-07T10:02:00.000Z',
    fetchedBytes: null,
    otherRunBytes: null,
    copiedBytes: null,
    linkedBytes: null,
    fetchingMs: null,
    hubWaitedMs: null,
    interruptions: NO_INTERRUPTIONS,
    resultPath: null,
    ...overrides,
  };
}

/** A job first in the queue ("Queued one", job-2): nothing fetched yet. */
export function queuedJobFixture(overrides: Partial<JobView> = {}): JobView {
  return jobFixture({
    id: 'job-2',
    name: 'Queued one',
    state: 'queued',
    queuePosition: 0,
    speed: 0,
    percent: 0,
    downloaded: 0,
    ...overrides,
  });
}
