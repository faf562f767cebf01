/**
 * Which jobs exist and in what state, as one string: it changes exactly when GET /api/models may answer
 * differently because of a job (one appeared or went, or one changed state: a completed download added
 * files). The live store reads the list again when it changes (live-store.tsx); a model page, given
 * that repo's jobs, checks then whether one of them ended (jobs-ended.ts) and reads its page again if so.
 */
import type { JobView } from '../../../src/api-types.js';

export function jobStatesKey(jobs: readonly JobView[]): string {
  return jobs
    .map((job) => `${job.id}:${job.state}`)
    .sort()
    .join(',');
}
