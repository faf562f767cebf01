/**
 * What the web UI says of the server stops that interrupted a job (`JobView.interruptions`,
 * src/job-interruptions.ts): nothing for a job none interrupted, else one line for the panel row, the Downloads
 * page's active item and its History.
 */
import type { JobInterruptions } from '../../../src/job-interruptions.js';
import { timeOfDayLabel } from './job-subtitle.js';

/**
 * `Resumed after a server crash (03:12)`, `Resumed after 2 server restarts (last 03:12)`, `Resumed after 3 server
 * stops, 2 of them crashes (last 03:12, a crash)`; null when none interrupted the job. The time is the
 * browser's, with the day when it was not today.
 */
export function interruptionsText(interruptions: JobInterruptions, nowMs: number): string | null {
  const { count, crashes, lastAt, lastCrash } = interruptions;
  if (count <= 0) return null;
  const time = timeOfDayLabel(lastAt, nowMs);
  if (crashes > 0 && crashes < count) {
    const which = lastCrash ? 'a crash' : 'a clean restart';
    const when = time ? ` (last ${time}, ${which})` : '';
    return `Resumed after ${count} server stops, ${crashes === 1 ? '1 of them a crash' : `${crashes} of them crashes`}${when}`;
  }
  const what =
    crashes > 0
      ? `server ${count === 1 ? 'crash' : 'crashes'}`
      : `server ${count === 1 ? 'restart' : 'restarts'}`;
  const when = time ? ` (${count === 1 ? '' : 'last '}${time})` : '';
  return `Resumed after ${count === 1 ? 'a' : count} ${what}${when}`;
}

/** The note's tooltip: what a crash is, and what hubget did after each stop. */
export const INTERRUPTIONS_HINT =
  'A crash is a stop without a clean shutdown (kill -9, a power cut, the server killed for memory); after each stop, hubget resumed the download from what was on disk.';
