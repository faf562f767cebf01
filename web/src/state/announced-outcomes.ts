/**
 * The outcomes ("Download complete", "failed") this tab has already toasted, by job id, so each is shown
 * once whichever source tells it first: the stream's `notification` event, the same event replayed after the
 * browser reconnected (Last-Event-ID, docs/api-hub-system.md "Reconnecting"), or a state change between two job lists
 * (polling, or the list fetched when the feed reopens the stream itself and nothing is replayed).
 *
 * An outcome is one run's: the run that ended at the job's `finishedAt`. A job that runs again (a failed or
 * cancelled one retried; a completed one never runs again) ends at a later `finishedAt`, and that outcome is
 * new. A list that shows the job active again says nothing: it may be a list fetched before the job ended
 * and answered after its `notification`, and the next list then shows the same outcome, not a new one.
 */
import type { JobView } from '../../../src/api-types.js';

export type JobOutcome = 'completed' | 'failed';

/** A toasted outcome and the `finishedAt` of the run it ended; null until a view of that run is seen. */
export interface AnnouncedOutcome {
  outcome: JobOutcome;
  finishedAt: string | null;
}

export type AnnouncedOutcomes = Readonly<Record<string, AnnouncedOutcome>>;

/** A server `notification`'s outcome: its success and error levels say a download finished or failed. */
export function notificationOutcome(level: 'success' | 'error' | 'info'): JobOutcome | undefined {
  if (level === 'success') return 'completed';
  if (level === 'error') return 'failed';
  return undefined;
}

/**
 * The `finishedAt` of the run an outcome is about, as far as `job` (the view at hand) tells: its own when it
 * shows that outcome, else unknown (a `notification` can come before the job's view that ends the run).
 */
export function runOf(job: JobView | undefined, outcome: JobOutcome): string | null {
  return job?.state === outcome ? job.finishedAt : null;
}

/**
 * Whether this outcome was toasted: the same outcome of the same run. A run not known on one side (a
 * `notification` whose job's view had not arrived yet) is taken for the one toasted, so nothing is shown twice.
 */
export function wasAnnounced(
  announced: AnnouncedOutcomes,
  jobId: string,
  outcome: JobOutcome,
  finishedAt: string | null,
): boolean {
  const known = announced[jobId];
  if (!known || known.outcome !== outcome) return false;
  return known.finishedAt === null || finishedAt === null || known.finishedAt === finishedAt;
}

export function withAnnounced(
  announced: AnnouncedOutcomes,
  jobId: string,
  outcome: JobOutcome,
  finishedAt: string | null,
): AnnouncedOutcomes {
  return { ...announced, [jobId]: { outcome, finishedAt } };
}

/**
 * Learns the run of outcomes toasted before their job's view arrived: the first view showing that outcome
 * is of the run toasted, so a later run's outcome (a later `finishedAt`) is told apart from it.
 */
export function withRunsSeen(announced: AnnouncedOutcomes, jobs: readonly JobView[]): AnnouncedOutcomes {
  let next: Record<string, AnnouncedOutcome> | null = null;
  for (const job of jobs) {
    const known = announced[job.id];
    if (!known || known.finishedAt !== null || job.state !== known.outcome || job.finishedAt === null)
      continue;
    next ??= { ...announced };
    next[job.id] = { outcome: known.outcome, finishedAt: job.finishedAt };
  }
  return next ?? announced;
}

export function withoutJob(announced: AnnouncedOutcomes, jobId: string): AnnouncedOutcomes {
  if (!(jobId in announced)) return announced;
  const { [jobId]: _removed, ...kept } = announced;
  return kept;
}
