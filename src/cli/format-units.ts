/**
 * The CLI's percent and elapsed times. Sizes, speeds and durations come from the shared src/format/units.ts
 * (one definition for the CLI, the server and the web UI).
 */
import { formatDuration } from '../format/units.js';

/** Below this many seconds an elapsed time shows its tenths: a short run is not `0 s`. */
const TENTHS_BELOW_SECONDS = 10;

/** Whole percent, never 100 before everything is there (99.6 % shows 99 %). */
export function formatPercent(done: number, total: number): string {
  if (total <= 0) return done >= total ? '100%' : '0%';
  const percent = Math.floor((Math.min(done, total) / total) * 100);
  return `${percent}%`;
}

/**
 * How long a run took, for the summary line: `40 ms`, `0.4 s`, `9.8 s`, then as formatDuration (`12 s`,
 * `3 min 05 s`). A download of a second or less read `fetched in 0 s (177 MB/s)`, one of a few kB
 * `fetched in 0.0 s (3.0 MB/s)`.
 */
export function formatElapsed(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  if (ms >= 0 && ms < 100) return `${ms} ms`;
  const tenths = Math.round(seconds * 10);
  if (tenths >= 0 && tenths < TENTHS_BELOW_SECONDS * 10) return `${(tenths / 10).toFixed(1)} s`;
  return formatDuration(seconds);
}
