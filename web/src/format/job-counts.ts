/**
 * The one rule for how many downloads the UI says there are, for every place that counts them: the nav's badge, the
 * download panel's title (panel-headline.ts) and the Downloads page's first card. "Downloading" counts the running
 * jobs (a verifying one still runs): a paused or queued job is not downloading. The paused, queued and failed ones are
 * counted beside, by name ("1 paused · 2 queued"), so two figures that differ say why. Before, the nav counted every
 * unfinished job (4), the panel the running ones (2) and the Downloads page running and paused ones (3), unnamed.
 */
import type { JobState, JobView } from '../../../src/api-types.js';

type Counted = Pick<JobView, 'state'>;

/** How many of `jobs` are in `state`. */
export function countIn(jobs: readonly Counted[], state: JobState): number {
  return jobs.filter((job) => job.state === state).length;
}

/** The jobs that download now: the figure of "Downloading (N)", the panel's title and the nav's badge. */
export function downloadingCount(jobs: readonly Counted[]): number {
  return countIn(jobs, 'running');
}

/** "1 paused · 2 queued": each of `states` that `jobs` hold, in that order, with its count; '' when none. */
export function countsBeside(jobs: readonly Counted[], states: readonly JobState[]): string {
  return states
    .map((state) => [state, countIn(jobs, state)] as const)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state}`)
    .join(' · ');
}

/** The nav badge's tooltip and spoken words: "2 downloading · 1 paused · 1 queued". */
export function navCountWords(jobs: readonly Counted[]): string {
  return [`${downloadingCount(jobs)} downloading`, countsBeside(jobs, ['paused', 'queued'])]
    .filter(Boolean)
    .join(' · ');
}

/**
 * The nav badge: the downloads running, or — none running — the paused and queued ones, which wait for the user or a
 * free slot (the badge muted, so a paused download is not out of sight); null when there are neither.
 */
export function navBadge(jobs: readonly Counted[]): { count: number; waiting: boolean } | null {
  const downloading = downloadingCount(jobs);
  if (downloading > 0) return { count: downloading, waiting: false };
  const waiting = countIn(jobs, 'paused') + countIn(jobs, 'queued');
  return waiting > 0 ? { count: waiting, waiting: true } : null;
}
