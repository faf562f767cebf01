/**
 * What the web UI says of the server stops that interrupted a job (`JobView.interruptions`,
 * src/job-interruptions.ts): nothing for a job none interrupted, else one line for the panel row, the Downloads
 * page's active item and its History. Three kinds, by the server's own rule (stopKind): a clean restart, a crash,
 * and a shutdown that did not finish (cut off by its time limit, or killed), which the restart notice names the
 * same way (format/unclean-stop.ts) and is not called a crash here.
 */
import type { JobInterruptions } from '../../../src/job-interruptions.js';
import { timeOfDayLabel } from './job-subtitle.js';

const CUT_OFF = 'shutdown that did not finish';
const CUT_OFFS = 'shutdowns that did not finish';

/**
 * `Resumed after a server crash (03:12)`, `Resumed after 2 server restarts (last 03:12)`, `Resumed after a server
 * shutdown that did not finish (03:12)`, `Resumed after 3 server stops, 2 of them crashes (last 03:12, a crash)`,
 * `Resumed after 3 server stops, 1 of them a crash, 1 a shutdown that did not finish (last 03:12, a shutdown that
 * did not finish)`; null when none interrupted the job. The time is the browser's, with the day when it was not
 * today.
 */
export function interruptionsText(interruptions: JobInterruptions, nowMs: number): string | null {
  const { count, crashes, cutOffs, lastAt, lastCrash, lastCutOff } = interruptions;
  if (count <= 0) return null;
  const time = timeOfDayLabel(lastAt, nowMs);
  const clean = count - crashes - cutOffs;
  const kinds = [clean, crashes, cutOffs].filter((n) => n > 0).length;
  if (kinds > 1) {
    const parts: string[] = [];
    if (crashes > 0) parts.push(crashes === 1 ? '1 of them a crash' : `${crashes} of them crashes`);
    if (cutOffs > 0) {
      const what = cutOffs === 1 ? `a ${CUT_OFF}` : CUT_OFFS;
      parts.push(`${cutOffs}${crashes > 0 ? '' : ' of them'} ${what}`);
    }
    const which = lastCrash ? 'a crash' : lastCutOff ? `a ${CUT_OFF}` : 'a clean restart';
    const when = time ? ` (last ${time}, ${which})` : '';
    return `Resumed after ${count} server stops, ${parts.join(', ')}${when}`;
  }
  const what =
    crashes > 0
      ? `server ${count === 1 ? 'crash' : 'crashes'}`
      : cutOffs > 0
        ? `server ${count === 1 ? CUT_OFF : CUT_OFFS}`
        : `server ${count === 1 ? 'restart' : 'restarts'}`;
  const when = time ? ` (${count === 1 ? '' : 'last '}${time})` : '';
  return `Resumed after ${count === 1 ? 'a' : count} ${what}${when}`;
}

/** The note's tooltip: what a crash and a shutdown that did not finish are, and what hubget did after each stop. */
export const INTERRUPTIONS_HINT =
  'A crash is a stop without a clean shutdown (kill -9, a power cut, the server killed for memory); a shutdown that did not finish was begun (Ctrl-C, SIGTERM) and cut off by its time limit or killed before it saved the download. After each stop, hubget resumed the download from what was on disk.';
