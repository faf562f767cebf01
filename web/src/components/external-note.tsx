/**
 * What an external download is, wherever one is shown: another program's download (huggingface_hub,
 * `hf download`, `hubget download` in a terminal, …) into the folders hubget manages, which hubget only watches through its temp files
 * (docs/external-downloads.md): no plan, no file count, no pause, cancel or limit.
 */
import type { JobView } from '../../../src/api-types.js';
import { InfoIcon } from './icons.js';
import './external-note.css';

const EXTERNAL_EXPLANATION =
  'Another program’s download (huggingface_hub, hf download, hubget download in a terminal, …) into these folders. hubget only watches its temp files: it cannot pause, cancel or limit it.';

/** The "external" chip beside the state of another program's download; nothing for hubget's own jobs. */
export function ExternalTag({ job }: { job: Pick<JobView, 'kind'> }) {
  if (job.kind !== 'external') return null;
  return (
    <span className="chip chip--neutral" title={EXTERNAL_EXPLANATION}>
      external
    </span>
  );
}

/** The line under an external download's bar that says what it is. */
export function ExternalNote({ job }: { job: Pick<JobView, 'kind'> }) {
  if (job.kind !== 'external') return null;
  return (
    <p className="job-row__note">
      <InfoIcon />
      {EXTERNAL_EXPLANATION}
    </p>
  );
}
