/**
 * The outcomes ("Download complete", "failed") this tab has already toasted, by job id, so each is shown
 * once whichever source tells it first: the stream's `notification` event, the same event replayed after the
 * browser reconnected (Last-Event-ID, docs/api.md "Reconnecting"), or a state change between two job lists
 * (polling, or the list fetched when the feed reopens the stream itself and nothing is replayed).
 */
import type { JobView } from '../../../src/api-types.js';
import { isActive } from './jobs-reducer.js';

export type JobOutcome = 'completed' | 'failed';

export type AnnouncedOutcomes = Readonly<Record<string, JobOutcome>>;

/** A server `notification`'s outcome: its success and error levels say a download finished or failed. */
export function notificationOutcome(level: 'success' | 'error' | 'info'): JobOutcome | undefined {
  if (level === 'success') return 'completed';
  if (level === 'error') return 'failed';
  return undefined;
}

export function wasAnnounced(announced: AnnouncedOutcomes, jobId: string, outcome: JobOutcome): boolean {
  return announced[jobId] === outcome;
}

export function withAnnounced(
  announced: AnnouncedOutcomes,
  jobId: string,
  outcome: JobOutcome,
): AnnouncedOutcomes {
  return { ...announced, [jobId]: outcome };
}

/** A job that runs again (resumed, retried) will finish again: its next outcome is new. */
export function withoutRerun(announced: AnnouncedOutcomes, jobs: readonly JobView[]): AnnouncedOutcomes {
  const rerun = jobs.filter((job) => job.id in announced && isActive(job));
  if (rerun.length === 0) return announced;
  const kept = { ...announced };
  for (const job of rerun) delete kept[job.id];
  return kept;
}

export function withoutJob(announced: AnnouncedOutcomes, jobId: string): AnnouncedOutcomes {
  if (!(jobId in announced)) return announced;
  const { [jobId]: _removed, ...kept } = announced;
  return kept;
}
