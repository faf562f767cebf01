/**
 * The line under a job that server stops interrupted (`JobView.interruptions`): how many, how many were
 * crashes, and when the last one was (format/interruptions.ts). Nothing for a job none interrupted.
 */
import type { JobView } from '../../../src/api-types.js';
import { INTERRUPTIONS_HINT, interruptionsText } from '../format/interruptions.js';
import { InfoIcon } from './icons.js';
import './external-note.css';

export function InterruptionsNote({
  job,
  nowMs = Date.now(),
}: {
  job: Pick<JobView, 'interruptions'>;
  nowMs?: number | undefined;
}) {
  const text = interruptionsText(job.interruptions, nowMs);
  if (text === null) return null;
  return (
    <p className="job-row__note" title={INTERRUPTIONS_HINT}>
      <InfoIcon />
      {text}
    </p>
  );
}
