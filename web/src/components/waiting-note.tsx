/**
 * The line under a running job that waits for files another hubget download (another process, or another job)
 * is fetching (`JobView.waitingFor`), in the CLI's words: its bar moves with no connection of its own, and
 * this says why. Nothing when the job waits for none.
 */
import type { JobView } from '../../../src/api-types.js';
import { formatBytes, plural } from '../format/units.js';
import { InfoIcon } from './icons.js';
import './external-note.css';

/** `Waiting for 1 file another download is fetching (209.72 MB, pid 4242 on build-2): …` */
export function waitingNoteText(waitingFor: NonNullable<JobView['waitingFor']>): string {
  const { files, bytes, owners } = waitingFor;
  const who = owners.length > 1 ? 'other downloads are' : 'another download is';
  const from = owners.length > 0 ? `, ${owners.join(', ')}` : '';
  return `Waiting for ${plural(files, 'file')} ${who} fetching (${formatBytes(bytes)}${from}): ${files === 1 ? 'its' : 'their'} bytes count here as they land.`;
}

export function WaitingNote({ job }: { job: Pick<JobView, 'state' | 'waitingFor'> }) {
  if (job.state !== 'running' || job.waitingFor === null) return null;
  return (
    <p className="job-row__note">
      <InfoIcon />
      {waitingNoteText(job.waitingFor)}
    </p>
  );
}
