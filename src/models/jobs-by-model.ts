/**
 * The jobs of each model, by Model Manager key (model-list.ts), each model's latest attempt first
 * (src/jobs/latest-job.ts). Grouped once per request: the list merge takes each model's first job, the
 * download plans (download-plans.ts) the first that listed its files.
 */
import type { JobView } from '../api-types.js';
import { byLatestAttempt } from '../jobs/latest-job.js';
import { keyOfJob } from './model-list.js';

export type JobsByModel<T = JobView> = ReadonlyMap<string, readonly T[]>;

/** What the grouping reads of a job: where it downloads, and when it was attempted. */
export type GroupedJob = Pick<
  JobView,
  'localDir' | 'repoType' | 'repoId' | 'state' | 'createdAt' | 'finishedAt'
>;

/**
 * Jobs of a local dir the local-dir scan never finds have no key (keyOfJob) and are left out. The server's
 * JobViews, or `hubget ls`'s stored jobs (src/cli/stored-jobs.ts).
 */
export function groupJobsByModel<T extends GroupedJob>(
  jobs: readonly T[],
  modelsDir: string,
): JobsByModel<T> {
  const grouped = new Map<string, T[]>();
  for (const job of jobs) {
    const key = keyOfJob(job, modelsDir);
    if (key === null) continue;
    const list = grouped.get(key);
    if (list) list.push(job);
    else grouped.set(key, [job]);
  }
  // A stable sort: among attempts that rank the same, the first listed stays first.
  for (const list of grouped.values()) list.sort(byLatestAttempt);
  return grouped;
}
