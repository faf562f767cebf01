/**
 * repoDownloads: the repo page lists every queued, running and paused download of the repo, and each failed one
 * no later attempt of the same download replaced, whatever layout (HF cache, folder) the others used.
 */
import { describe, expect, it } from 'vitest';
import type { JobView } from '../../../src/api-types.js';
import { jobFixture } from '../../../test/support/web/job-fixture.js';
import type { RevisionFiles } from './replaced-download.js';
import { repoDownloads } from './repo-downloads.js';

const FAILED = { code: 'TRANSFER_FAILED' as const, message: 'connection dropped' };
const job = (id: string, overrides: Partial<JobView>) =>
  jobFixture({ id, name: id, repoId: 'org/x', createdAt: '2025-12-07T10:00:00.000Z', ...overrides });
const failedAt = (id: string, minute: number, overrides: Partial<JobView> = {}) =>
  job(id, {
    state: 'failed',
    error: FAILED,
    finishedAt: `2025-12-07T10:${String(minute).padStart(2, '0')}:00.000Z`,
    ...overrides,
  });
const completedAt = (id: string, minute: number, overrides: Partial<JobView> = {}) =>
  job(id, {
    state: 'completed',
    finishedAt: `2025-12-07T10:${String(minute).padStart(2, '0')}:00.000Z`,
    ...overrides,
  });
const ids = (jobs: JobView[], listing: RevisionFiles | null = null) =>
  repoDownloads(jobs, listing).map((shown) => shown.id);
const LISTING: RevisionFiles = {
  revision: 'main',
  files: ['README.md', 'config.json', 'x-Q4_K_M.gguf', 'x-Q8_0.gguf'].map((path) => ({ path })),
};

describe('repoDownloads', () => {
  it('keeps a folder’s failed download after a later download into the HF cache completed', () => {
    const folder = failedAt('folder', 10, { localDir: '/models/x' });
    expect(ids([folder, completedAt('cache', 20)])).toEqual(['folder']);
  });

  it('keeps a failed quantization after another one of the same place completed', () => {
    const q4 = failedAt('q4', 10, { include: ['x-Q4_K_M.gguf'] });
    const q8 = completedAt('q8', 20, { include: ['x-Q8_0.gguf'] });
    expect(ids([q4, q8])).toEqual(['q4']);
  });

  it('drops a failed download that a later attempt of the same download replaced', () => {
    expect(ids([failedAt('old', 10), completedAt('new', 20)])).toEqual([]);
    expect(
      ids([
        failedAt('old', 10, { localDir: '/models/x' }),
        job('new', { localDir: '/models/x', state: 'paused' }),
      ]),
    ).toEqual(['new']);
  });

  it('lists the active ones first, then the failed ones, latest first', () => {
    const jobs = [
      failedAt('folder', 10, { localDir: '/models/x' }),
      failedAt('cache', 30),
      job('paused', { state: 'paused', include: ['x-Q8_0.gguf'] }),
    ];
    expect(ids(jobs)).toEqual(['paused', 'cache', 'folder']);
  });

  it('drops a folder’s failed quantization once the whole repo completed into the same folder after it', () => {
    const q4 = failedAt('q4', 10, { localDir: '/models/x', include: ['x-Q4_K_M.gguf', '*.json', '*.md'] });
    const whole = completedAt('whole', 20, { localDir: '/models/x' });
    expect(ids([q4, whole])).toEqual([]);
    // Not into another folder, not the HF cache, not before it failed, not of another revision.
    expect(ids([q4, completedAt('elsewhere', 20, { localDir: '/models/y' })])).toEqual(['q4']);
    expect(ids([q4, completedAt('cache', 20)])).toEqual(['q4']);
    expect(ids([q4, completedAt('before', 5, { localDir: '/models/x' })])).toEqual(['q4']);
    expect(ids([q4, completedAt('pr', 20, { localDir: '/models/x', revision: 'refs/pr/1' })])).toEqual([
      'q4',
    ]);
  });

  it('tells by the repo’s files whether a completed download with patterns fetched every file of the failed one', () => {
    const q4 = failedAt('q4', 10, { localDir: '/models/x', include: ['x-Q4_K_M.gguf', '*.json'] });
    const ggufs = completedAt('ggufs', 20, { localDir: '/models/x', include: ['*.gguf', '*.json'] });
    const q8 = completedAt('q8', 20, { localDir: '/models/x', include: ['x-Q8_0.gguf', '*.json'] });
    expect(ids([q4, ggufs], LISTING)).toEqual([]);
    expect(ids([q4, q8], LISTING)).toEqual(['q4']);
    // Without the listing, or with another revision's, nothing says the patterns cover it.
    expect(ids([q4, ggufs])).toEqual(['q4']);
    expect(ids([q4, ggufs], { ...LISTING, revision: 'v2' })).toEqual(['q4']);
  });
});
