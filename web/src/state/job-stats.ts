/** Derived figures for finished jobs (Downloads page history). */
import type { JobView, SpeedSample } from '../../../src/api-types.js';
import { secondsBetween } from '../format/units.js';

/** Seconds from start to finish (pauses included), null if either end is unknown. */
export function jobDurationSeconds(job: JobView): number | null {
  return secondsBetween(job.startedAt, job.finishedAt);
}

/** Samples come about once a second while a job runs; a longer gap between two is a pause. */
const GAP_FACTOR = 3;
const MIN_GAP_MS = 1500;

function medianInterval(samples: SpeedSample[]): number {
  const intervals: number[] = [];
  for (let index = 1; index < samples.length; index++) {
    intervals.push(samples[index]!.t - samples[index - 1]!.t);
  }
  intervals.sort((a, b) => a - b);
  return intervals[Math.floor(intervals.length / 2)] ?? 0;
}

/**
 * Average transfer speed in bytes/s. With recorded samples: bytes fetched over the time data was actually
 * flowing — intervals where `downloaded` grew, skipping the gap a pause leaves between samples — so pauses
 * and queueing do not drag it down and bytes already on disk do not inflate it. Without samples: bytes on
 * disk over the run's duration.
 */
export function averageSpeed(job: JobView, samples: SpeedSample[] | null): number | null {
  if (samples && samples.length >= 2) {
    const gapMs = Math.max(MIN_GAP_MS, GAP_FACTOR * medianInterval(samples));
    let fetched = 0;
    let activeMs = 0;
    for (let index = 1; index < samples.length; index++) {
      const previous = samples[index - 1]!;
      const current = samples[index]!;
      const grew = current.downloaded - previous.downloaded;
      const intervalMs = current.t - previous.t;
      if (grew > 0 && intervalMs > 0 && intervalMs <= gapMs) {
        fetched += grew;
        activeMs += intervalMs;
      }
    }
    if (activeMs > 0) return fetched / (activeMs / 1000);
  }
  const seconds = jobDurationSeconds(job);
  return seconds ? job.downloaded / seconds : null;
}
