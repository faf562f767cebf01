/**
 * One line per request of a running job that waits before its next try because the Hub answered 408, 429 or 5xx
 * (JobView.waits): "a.bin waits 3 min 37 s for the Hub (429), then try 2, for up to 5 min without progress",
 * from the moment the wait begins, whatever the job's other files do, its time left counted down at each update
 * (src/format/retry-wait-words.ts: the CLI's words). Before, such a file was said only once nothing at all had
 * arrived for 5 s: while other files downloaded, the job looked normal and the waiting file was invisible.
 */
import type { JobView } from '../../../src/api-types.js';
import { retryWaitLine } from '../../../src/format/retry-wait-words.js';
import { plural } from '../format/units.js';
import { WarningIcon } from './icons.js';

/** Lines shown before the rest are counted (`and 2 more files wait for the Hub`). */
const MAX_WAIT_LINES = 3;

/** The lines of `job`'s waits: each one's, the first MAX_WAIT_LINES, then how many more wait. [] when none. */
export function retryWaitLines(job: Pick<JobView, 'state' | 'waits'>): string[] {
  return waitLines(job).map((line) => line.text);
}

/** Each line with a key that stays while its time left counts down (the file's path). */
function waitLines(job: Pick<JobView, 'state' | 'waits'>): { key: string; text: string }[] {
  if (job.state !== 'running') return [];
  const shown = job.waits.slice(0, MAX_WAIT_LINES);
  const lines = shown.map((wait) => ({ key: `wait:${wait.path}`, text: retryWaitLine(wait) }));
  const more = job.waits.length - shown.length;
  if (more > 0)
    lines.push({
      key: 'more',
      text: `and ${plural(more, 'more file')} ${more === 1 ? 'waits' : 'wait'} for the Hub`,
    });
  return lines;
}

export function RetryWaitLines({ job }: { job: JobView }) {
  const lines = waitLines(job);
  if (lines.length === 0) return null;
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
