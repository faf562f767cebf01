/** The visible "No data for 35 s — reconnecting" line of a stalled running job, wherever a job is shown. */
import type { JobView } from '../../../src/api-types.js';
import { WarningIcon } from './icons.js';

export function StallWarning({ job }: { job: JobView }) {
  if (!job.stalled || job.state !== 'running') return null;
  return (
    <p className="job-row__warning" role="status">
      <WarningIcon />
      {job.stallReason ?? 'No data received — reconnecting'}
    </p>
  );
}
