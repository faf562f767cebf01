/** Derived figures for finished jobs (Downloads page history). */
import type { JobView, SpeedSample } from '../../../src/server/api-types.js';
import { secondsBetween } from '../format/units.js';

/** Seconds from start to finish, null if either end is unknown. */
export function jobDurationSeconds(job: JobView): number | null {
  return secondsBetween(job.startedAt, job.finishedAt);
}

/**
 * Average transfer speed in bytes/s. With recorded samples it is what was fetched between the first and
 * last sample over that time (bytes already on disk before the run do not inflate it); without them,
 * bytes on disk over the run's duration.
 */
export function averageSpeed(job: JobView, samples: SpeedSample[] | null): number | null {
  const first = samples?.[0];
  const last = samples?.[samples.length - 1];
  if (first && last && last.t > first.t) {
    return Math.max(0, last.downloaded - first.downloaded) / ((last.t - first.t) / 1000);
  }
  const seconds = jobDurationSeconds(job);
  return seconds ? job.downloaded / seconds : null;
}
