import { describe, expect, it } from 'vitest';
import type { JobState } from '../api-types.js';
import { byLatestAttempt } from './latest-job.js';

const job = (id: string, state: JobState, createdAt: string, finishedAt: string | null = null) => ({
  id,
  state,
  createdAt: `2026-01-01T00:00:${createdAt}.000Z`,
  finishedAt: finishedAt === null ? null : `2026-01-01T00:00:${finishedAt}.000Z`,
});

describe('byLatestAttempt', () => {
  it('puts active jobs first (newest first), then finished ones by when they ended', () => {
    const jobs = [
      job('old-done', 'completed', '01', '02'),
      job('queued', 'queued', '03'),
      job('retried-late', 'cancelled', '00', '09'),
      job('running', 'running', '05'),
      job('new-failed', 'failed', '06', '07'),
    ];
    expect(jobs.sort(byLatestAttempt).map((entry) => entry.id)).toEqual([
      'running',
      'queued',
      'retried-late',
      'new-failed',
      'old-done',
    ]);
  });
});
