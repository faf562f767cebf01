/**
 * What the web UI says of a server start after a stop that was not clean (`ServerStatus.uncleanStop`,
 * src/api-server-status.ts): one line, shown once (web/src/components/restart-notice.tsx).
 */
import type { UncleanStop } from '../../../src/api-server-status.js';
import { timeOfDayLabel } from './job-subtitle.js';

/**
 * `The server restarted after a crash: last known running at 08:58. 1 download it was running was resumed.`,
 * or after `a shutdown that did not finish (begun 08:58: cut off by its time limit, or killed)`. The times are
 * the browser's, with the day when it was not today.
 */
export function uncleanStopText(stop: UncleanStop, nowMs: number): string {
  const alive = timeOfDayLabel(stop.lastAliveAt, nowMs);
  const what =
    stop.kind === 'unclean-shutdown'
      ? `a shutdown that did not finish (begun ${timeOfDayLabel(stop.shutdownStartedAt, nowMs)}: cut off by its time limit, or killed)`
      : 'a crash (it was stopped without a clean shutdown: killed, out of memory, a power cut)';
  const count = stop.interruptedJobs;
  const jobs =
    count === 0
      ? 'No download was running.'
      : `${count === 1 ? '1 download' : `${count} downloads`} it was running ${count === 1 ? 'was' : 'were'} resumed.`;
  return `The server restarted after ${what}; last known running at ${alive}. ${jobs}`;
}
