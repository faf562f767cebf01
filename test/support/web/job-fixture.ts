/** A complete JobView with overridable fields, for unit and component tests. */
import type { JobView } from '../../../src/api-types.js';

export function jobFixture(overrides: Partial<JobView> = {}): JobView {
  return {
    id: 'job-1',
    kind: 'download',
    state: 'running',
    name: 'Qwen2.5 7B',
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
    connections: 0,
    error: null,
    bandwidthLimit: 0,
    queuePosition: null,
    createdAt: '2025-12-07T10:00:00.000Z',
    startedAt: '2025-12-07T10:00:01.000Z',
    finishedAt: null,
    lastActivityAt: '2025-12-07T10:02:00.000Z',
    fetchedBytes: null,
    resultPath: null,
    ...overrides,
  };
}
