/**
 * The download panel's header words: the title counts only the jobs that download now (running), so a paused
 * or queued job is not presented as downloading; the jobs that wait (paused, queued) and the failures the panel
 * lists are counted beside it, each only when there is one ("1 paused · 2 queued · 1 failed"). Short enough for
 * the header of a 390 px wide phone, where it takes a second line under the title.
 */
import type { JobState, JobView } from '../../../src/api-types.js';

export interface PanelHeadline {
  /** "Downloading Models (N)": N running jobs (a verifying one still runs). */
  title: string;
  /** The other jobs the panel lists that still need the user or wait: "1 paused · 2 queued · 1 failed", or ''. */
  others: string;
}

const OTHERS: readonly JobState[] = ['paused', 'queued', 'failed'];

/** `rows`: the panel's rows (`panelJobs`): every active job, and the failed ones it still lists. */
export function panelHeadline(rows: readonly Pick<JobView, 'state'>[]): PanelHeadline {
  const count = (state: JobState) => rows.filter((job) => job.state === state).length;
  const others = OTHERS.map((state) => [state, count(state)] as const)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`)
    .join(' · ');
  return { title: `Downloading Models (${count('running')})`, others };
}
