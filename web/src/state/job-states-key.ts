/**
 * Which jobs exist and in what state, as one string: it changes exactly when GET /api/models may answer
 * differently because of a job (one appeared or went, or one changed state: a completed download added
 * files). The live store reads the list again when it changes (live-store.tsx).
 */
import type { JobView } from '../../../src/api-types.js';

export function jobStatesKey(byId: Readonly<Record<string, JobView>>): string {
  return Object.values(byId)
    .map((job) => `${job.id}:${job.state}`)
    .sort()
    .join(',');
}
