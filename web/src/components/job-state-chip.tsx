/**
 * A job's state chip (the panel's rows, the Downloads page). While the server does not answer, an active
 * job's state is only the last one known: the chip goes neutral and says so, rather than a live
 * "Downloading".
 */
import type { JobView } from '../../../src/api-types.js';
import { jobStateLabel, jobTone } from '../format/job-labels.js';
import { serverUnreachable } from '../state/app-reducer.js';
import { isActive } from '../state/jobs-reducer.js';
import { useLive } from '../state/live-store.js';
import { SERVER_UNREACHABLE_TITLE } from './connection-banner.js';

export function JobStateChip({ job }: { job: JobView }) {
  const { state } = useLive();
  const stale = serverUnreachable(state) && isActive(job);
  return (
    <span
      className={`chip chip--${stale ? 'neutral' : jobTone(job)}`}
      title={stale ? `${SERVER_UNREACHABLE_TITLE}: the state as of the last contact` : undefined}
    >
      {jobStateLabel(job)}
      {stale ? ' · last known' : ''}
    </span>
  );
}
