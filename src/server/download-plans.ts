/**
 * The latest download plan of each model, by Model Manager key (model-list.ts): among hubget's own jobs of
 * that model, the latest attempt (src/jobs/latest-job.ts) that listed its files. A job that failed before
 * its listing (e.g. no file matched its include patterns) planned nothing and is passed over; other
 * programs' downloads (external jobs) leave no listing. models-source.ts checks the plan on disk.
 */
import type { JobView } from '../api-types.js';
import type { DownloadPlan } from '../cache/plan-on-disk.js';
import type { JobService } from '../jobs/index.js';
import { byLatestAttempt } from '../jobs/latest-job.js';
import { keyOfJob } from './model-list.js';

export function latestPlans(
  jobs: Pick<JobService, 'list' | 'files'>,
  modelsDir: string,
): Map<string, DownloadPlan> {
  const jobsByKey = new Map<string, JobView[]>();
  for (const job of jobs.list()) {
    if (job.kind !== 'download' || job.commit === null) continue;
    const key = keyOfJob(job, modelsDir);
    if (key === null) continue;
    jobsByKey.set(key, [...(jobsByKey.get(key) ?? []), job]);
  }
  const plans = new Map<string, DownloadPlan>();
  for (const [key, candidates] of jobsByKey) {
    for (const job of candidates.sort(byLatestAttempt)) {
      const files = jobs.files(job.id);
      if (files.length === 0 || job.commit === null) continue;
      plans.set(key, {
        jobId: job.id,
        commit: job.commit,
        files: files.map((file) => ({ path: file.path, size: file.size })),
      });
      break;
    }
  }
  return plans;
}
