/**
 * The download panel's header words: the title counts only the jobs that download now (running), so a paused
 * or queued job is not presented as downloading; the jobs that wait (paused, queued) and the failures the panel
 * lists are counted beside it (the counting rule: job-counts.ts, shared with the nav and the Downloads page), each only when there is one ("1 paused · 2 queued · 1 failed"). Short enough for
 * the header of a 390 px wide phone, where it takes a second line under the title.
 */
import type { JobState, JobView } from '../../../src/api-types.js';
import { countsBeside, downloadingCount } from './job-counts.js';

export interface PanelHeadline {
  /** "Downloading Models (N)": N running jobs (a verifying one still runs). */
  title: string;
  /** The other jobs the panel lists that still need the user or wait: "1 paused · 2 queued · 1 failed", or ''. */
  others: string;
}

const OTHERS: readonly JobState[] = ['paused', 'queued', 'failed'];

/** `rows`: the panel's rows (`panelJobs`): every active job, and the failed ones it still lists. */
export function panelHeadline(rows: readonly Pick<JobView, 'state'>[]): PanelHeadline {
  return { title: `Downloading Models (${downloadingCount(rows)})`, others: countsBeside(rows, OTHERS) };
}
