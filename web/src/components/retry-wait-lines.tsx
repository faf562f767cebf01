/**
 * One line per request of a running job that waits before its next try because the Hub answered 408, 429 or 5xx
 * (JobView.waits): "a.bin waits 3 min 37 s for the Hub (429), then try 2, for up to 5 min without progress",
 * from the moment the wait begins, whatever the job's other files do, its time left counted down every second in
 * the browser from the wait's deadline, between the server's updates and without them (state/wait-deadlines.ts)
 * (src/format/retry-wait-words.ts: the CLI's words). Before, such a file was said only once nothing at all had
 * arrived for 5 s: while other files downloaded, the job looked normal and the waiting file was invisible.
 */
import type { JobView } from '../../../src/api-types.js';
import { retryWaitLine } from '../../../src/format/retry-wait-words.js';
import { plural } from '../format/units.js';
import { waitLeftMs } from '../state/wait-deadlines.js';
import { WarningIcon } from './icons.js';
import { useNow } from './use-now.js';

/** Lines shown before the rest are counted (`and 2 more files wait for the Hub`). */
const MAX_WAIT_LINES = 3;

/** How often the lines count down by themselves: the seconds they say. */
const COUNTDOWN_TICK_MS = 1000;

/**
 * The lines of `job`'s waits at `nowMs`: each one's, the first MAX_WAIT_LINES, then how many more wait. [] when
 * none.
 */
export function retryWaitLines(job: Pick<JobView, 'state' | 'waits'>, nowMs = Date.now()): string[] {
  return waitLines(job, nowMs).map((line) => line.text);
}

/** Each line with a key that stays while its time left counts down (the file's path). */
function waitLines(job: Pick<JobView, 'state' | 'waits'>, nowMs: number): { key: string; text: string }[] {
  if (job.state !== 'running') return [];
  const shown = job.waits.slice(0, MAX_WAIT_LINES);
  const lines = shown.map((wait) => ({
    key: `wait:${wait.path}`,
    text: retryWaitLine({ ...wait, leftMs: waitLeftMs(job.waits, wait, nowMs) }),
  }));
  const more = job.waits.length - shown.length;
  if (more > 0)
    lines.push({
      key: 'more',
      text: `and ${plural(more, 'more file')} ${more === 1 ? 'waits' : 'wait'} for the Hub`,
    });
  return lines;
}

export function RetryWaitLines({ job }: { job: JobView }) {
  if (job.state !== 'running' || job.waits.length === 0) return null;
  return <CountingWaitLines job={job} />;
}

/** The lines, re-read every second; only while a wait runs, so a job without one sets no timer. */
function CountingWaitLines({ job }: { job: JobView }) {
  useNow(COUNTDOWN_TICK_MS);
  // The clock now, not at the last tick: an update that just arrived is said as sent, not a tick's time older.
  const lines = waitLines(job, Date.now());
  return (
    <div className="job-row__waits" role="status">
      {lines.map((line) => (
        <p key={line.key} className="job-row__warning">
          <WarningIcon />
          <span aria-live="off">{line.text}</span>
        </p>
      ))}
    </div>
  );
}
