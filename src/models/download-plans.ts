/**
 * The latest download plan of a model: among hubget's own jobs of it (jobs-by-model.ts, latest attempt
 * first), the latest that listed its files. A job that failed before its listing (e.g. no file matched its
 * include patterns) planned nothing and is passed over; other programs' downloads (external jobs) leave no
 * listing. models-source.ts checks the plan on disk, asking only for the models it found installed; whether the
 * job completed tells it a quantization wholly gone since was deleted (src/cache/plan-on-disk.ts).
 */
import type { JobView } from '../api-types.js';
import type { DownloadPlan } from '../cache/plan-on-disk.js';
import type { JobsByModel } from './jobs-by-model.js';

/** The latest download plan of the model of this key, if any. */
export type PlanLookup = (key: string) => DownloadPlan | undefined;

/** No plan for any model: for a caller that needs only what is installed, not its plans checked on disk. */
export const NO_PLANS: PlanLookup = () => undefined;

/**
 * `filesOf`: a job's listed files (the job service's, or the stored ones `hubget ls` reads: src/cli/
 * stored-jobs.ts), asked only of the jobs a lookup reaches.
 */
export function planLookup(
  jobsByModel: JobsByModel<Pick<JobView, 'id' | 'kind' | 'commit' | 'state'>>,
  filesOf: (jobId: string) => readonly { path: string; size: number }[],
): PlanLookup {
  return (key) => {
    for (const job of jobsByModel.get(key) ?? []) {
      if (job.kind !== 'download' || job.commit === null) continue;
      const files = filesOf(job.id);
      if (files.length === 0) continue;
      return {
        jobId: job.id,
        commit: job.commit,
        files: files.map((file) => ({ path: file.path, size: file.size })),
        completed: job.state === 'completed',
      };
    }
    return undefined;
  };
}
