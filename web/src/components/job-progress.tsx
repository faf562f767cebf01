/** A job's progress bar with its percent beside it (none while its size is unknown), wherever a job is shown. */
import type { JobView } from '../../../src/api-types.js';
import { knownPercentLabel } from '../format/job-labels.js';
import { receivesNothing } from '../format/no-data.js';
import { ProgressBar } from './progress-bar.js';

/** How the bar is drawn for the job's state. */
export function barState(job: JobView): 'running' | 'paused' | 'stalled' | 'failed' | 'done' | 'idle' {
  if (job.state === 'running') return receivesNothing(job) ? 'stalled' : 'running';
  if (job.state === 'paused') return 'paused';
  if (job.state === 'failed') return 'failed';
  if (job.state === 'completed') return 'done';
  return 'idle';
}

export function JobProgress({ job }: { job: JobView }) {
  return (
    <div className="job-row__bar">
      <ProgressBar percent={job.percent} label={job.name} state={barState(job)} />
      <span className="num job-row__percent">{knownPercentLabel(job)}</span>
    </div>
  );
}
