/**
 * What the web UI says of a server start after a stop that was not clean (`ServerStatus.uncleanStop`,
 * src/api-server-status.ts): one line, shown once (web/src/components/restart-notice.tsx).
 */
import type { UncleanStop } from '../../../src/api-server-status.js';
import { timeOfDayLabel } from './job-subtitle.js';
import { plural } from './units.js';

/**
 * `The server restarted after a crash; last known running at 08:58. 1 download it was running was resumed.`,
 * or after `a shutdown that did not finish (begun 08:58: cut off by its time limit, or killed)`. The times are
 * the browser's, with the day when it was not today.
 */
export function uncleanStopText(stop: UncleanStop, nowMs: number): string {
  const alive = timeOfDayLabel(stop.lastAliveAt, nowMs);
  const what =
    stop.kind === 'unclean-shutdown'
      ? `a shutdown that did not finish (begun ${timeOfDayLabel(stop.shutdownStartedAt, nowMs)}: cut off by its time limit, or killed)`
      : 'a crash';
  const count = stop.interruptedJobs;
  const jobs =
    count === 0
      ? 'No download was running.'
      : `${plural(count, 'download')} it was running ${count === 1 ? 'was' : 'were'} resumed.`;
  return `The server restarted after ${what}; last known running at ${alive}. ${jobs}`;
}

/** The notice's tooltip: what a crash is, and where the time comes from. */
export const UNCLEAN_STOP_HINT =
  'A crash is a stop without a clean shutdown (kill -9, the server killed for memory, a power cut). "Last known running" is its last heartbeat (every 10 s) or the last progress it saved of a download.';
