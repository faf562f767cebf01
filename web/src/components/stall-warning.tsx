/**
 * The warning lines of a running job, wherever a job is shown: first each request that waits for the Hub (a
 * `429`'s Retry-After, a `5xx` backoff: "a.bin waits 3 min 37 s for the Hub (429), then try 2", RetryWaitLines)
 * from the moment its wait begins; then, when the job receives nothing, "No data for 8 s — hubget reconnects
 * after 30 s without data" from the first quiet seconds, then the server's own "No data for 30 s —
 * reconnecting" (format/no-data.ts), which leaves a wait to its own line. Another program's download says its
 * quiet seconds as a note until the stall rule flags it ("No file activity for 16 s", externalQuietNote). The
 * count is not re-announced every second.
 */
import type { JobView } from '../../../src/api-types.js';
import { externalQuietNote, noDataWarning } from '../format/no-data.js';
import { useLive } from '../state/live-store.js';
import { InfoIcon, WarningIcon } from './icons.js';
import { RetryWaitLines } from './retry-wait-lines.js';

export function StallWarning({ job }: { job: JobView }) {
  const { state } = useLive();
  const warning = noDataWarning(job, state.settings?.stallTimeoutMs ?? null);
  const quiet = externalQuietNote(job);
  return (
    <>
      <RetryWaitLines job={job} />
      {warning === null ? null : (
        <p className="job-row__warning" role="status">
          <WarningIcon />
          <span aria-live="off">{warning}</span>
        </p>
      )}
      {quiet === null ? null : (
        <p className="job-row__note" role="status">
          <InfoIcon />
          <span aria-live="off">{quiet}</span>
        </p>
      )}
    </>
  );
}
