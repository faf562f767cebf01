/**
 * Which of several jobs (those of one model) is its latest attempt: an active one (queued, running,
 * paused) before any finished one; among active ones the newest; among finished ones the one that ended
 * last, so a job retried after a newer one counts from its last run, not from its creation. The Model
 * Manager's row shows that job (src/models/model-list.ts), and its status checks the latest plan on disk
 * (src/models/download-plans.ts) in the same order.
 */
import type { JobView } from '../api-types.js';
// job-state-machine.ts is pure, so the web UI's repo page picks the latest attempt by this rule too.
import { isActiveState } from './job-state-machine.js';

type Attempt = Pick<JobView, 'state' | 'createdAt' | 'finishedAt'>;

function lastMoment(job: Attempt): number {
  return Date.parse(isActiveState(job.state) ? job.createdAt : (job.finishedAt ?? job.createdAt));
}

/** Negative when `a` is the later attempt: `jobs.sort(byLatestAttempt)` puts the latest first. */
export function byLatestAttempt(a: Attempt, b: Attempt): number {
  const aActive = isActiveState(a.state);
  if (aActive !== isActiveState(b.state)) return aActive ? -1 : 1;
  return lastMoment(b) - lastMoment(a);
}
