/**
 * The line under a running job that waits for files another hubget download (another process, or another job)
 * is fetching (`JobView.waitingFor`), in the CLI's words: its bar moves with no connection of its own, and
 * this says why, and that the download it waits for is the external one listed beside it when the watcher shows
 * that run (src/jobs/waited-downloads.ts). Nothing when the job waits for none.
 */
import type { JobView } from '../../../src/api-types.js';
import { downloadsWaitedFor } from '../../../src/jobs/waited-downloads.js';
import { formatBytes, plural } from '../format/units.js';
import { useLive } from '../state/live-store.js';
import { InfoIcon } from './icons.js';
import './external-note.css';

/**
 * `Waiting for 1 file another download is fetching (209.72 MB, pid 4242 on build-2): …`; `listed`: how many of
 * the downloads it waits for are listed as external downloads (`downloadsWaitedFor`), which it then says.
 */
export function waitingNoteText(waitingFor: NonNullable<JobView['waitingFor']>, listed = 0): string {
  const { files, bytes, owners } = waitingFor;
  const who = owners.length > 1 ? 'other downloads are' : 'another download is';
  const from = owners.length > 0 ? `, ${owners.join(', ')}` : '';
  const text = `Waiting for ${plural(files, 'file')} ${who} fetching (${formatBytes(bytes)}${from}): ${files === 1 ? 'its' : 'their'} bytes count here as they land.`;
  if (listed === 0) return text;
  return `${text} ${listed === 1 ? 'That download is' : 'Those downloads are'} listed here too, as external.`;
}

export function WaitingNote({ job }: { job: JobView }) {
  const { state } = useLive();
  if (job.state !== 'running' || job.waitingFor === null) return null;
  const listed = downloadsWaitedFor(job, Object.values(state.jobs.byId)).length;
  return (
    <p className="job-row__note">
      <InfoIcon />
      {waitingNoteText(job.waitingFor, listed)}
    </p>
  );
}
