/**
 * How long a download took, one wording for the CLI's summary (src/cli/renderers/event-lines.ts, `Download
 * complete: 3.00 MB fetched in 0.3 s (10.0 MB/s); 14 s in all`) and the web UI's History (web/src/state/job-stats.ts
 * `historyFigures`: `fetched in 0.3 s (10.0 MB/s)`, `14 s in all`). The time is the one the bytes were fetching in,
 * so it and the speed multiply out; the whole run's time is said only when what else it holds (a wait for the Hub,
 * a pause, a queue, another download) is worth saying (waitWorthSaying: a second and a tenth of the run). Before,
 * the History said every job's time twice ("Start to finish 75 ms", "Average 15.0 kB/s in 31 ms fetching") and
 * named the fetching time "in" under a second and "over" above it.
 */
import { waitWorthSaying } from './retry-wait-words.js';
import { formatSpeed, formatTook } from './units.js';

/** `fetched in 0.3 s (276 kB/s)`: the time the bytes were fetching in, and their average speed over it. */
export function fetchedInWords(fetchingSeconds: number, bytesPerSecond: number): string {
  return `fetched in ${formatTook(fetchingSeconds)} (${formatSpeed(bytesPerSecond)})`;
}

/** `14 s in all`: the whole run's time, when the part of it not spent fetching is worth saying; else null. */
export function inAllWords(allMs: number, fetchingMs: number): string | null {
  return waitWorthSaying(allMs - fetchingMs, allMs) ? `${formatTook(allMs / 1000)} in all` : null;
}
