/**
 * The warning line of a running job that receives nothing, wherever a job is shown: "No data for 8 s —
 * hubget reconnects after 30 s without data" from the first quiet seconds, then the server's own
 * "No data for 30 s — reconnecting" (format/no-data.ts). The count is not re-announced every second.
 */
import type { JobView } from '../../../src/api-types.js';
import { noDataWarning } from '../format/no-data.js';
import { useLive } from '../state/live-store.js';
import { WarningIcon } from './icons.js';

export function StallWarning({ job }: { job: JobView }) {
  const { state } = useLive();
  const warning = noDataWarning(job, state.settings?.stallTimeoutMs ?? null);
  if (warning === null) return null;
  return (
    <p className="job-row__warning" role="status">
      <WarningIcon />
      <span aria-live="off">{warning}</span>
    </p>
  );
}
