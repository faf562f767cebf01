/**
 * Whether a job seen active has ended since (completed, failed, cancelled): a model page reads its repo
 * again then, since what the job wrote or removed changes what is installed. A job first seen already
 * ended (the job list arriving after the page loaded) is no news, nor is one that only started or paused.
 */
import type { JobState, JobView } from '../../../src/api-types.js';
import { ACTIVE_STATES, isActive } from './jobs-reducer.js';

export type SeenStates = Readonly<Record<string, JobState>>;

export function statesOf(jobs: readonly JobView[]): SeenStates {
  return Object.fromEntries(jobs.map((job) => [job.id, job.state]));
}

export function someJobEnded(seen: SeenStates, jobs: readonly JobView[]): boolean {
  return jobs.some((job) => {
    const before = seen[job.id];
    return before !== undefined && ACTIVE_STATES.has(before) && !isActive(job);
  });
}
