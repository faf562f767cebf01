/**
 * One job in the bottom-right panel: name, bar, bytes, speed, connections open and why, ETA, state, what it waits
 * for (another download fetching its files), the server stops that interrupted it, stall warning, buttons. Speed, connections and ETA stay blank
 * while the server is unreachable (live-figures.ts).
 */
import type { JobView } from '../../../src/api-types.js';
import { sanitizeMessage } from '../api/errors.js';
import { jobBytesLabel } from '../format/job-labels.js';
import { jobLiveFigures } from '../format/live-figures.js';
import { ConnectionsFigure } from './connections-figure.js';
import { ExternalNote, ExternalTag } from './external-note.js';
import { InterruptionsNote } from './interruptions-note.js';
import { JobActions } from './job-actions.js';
import { JobProgress } from './job-progress.js';
import { JobStateChip } from './job-state-chip.js';
import { JobTitle } from './job-title.js';
import { RetryHint } from './retry-hint.js';
import { StallWarning } from './stall-warning.js';
import { WaitingNote } from './waiting-note.js';

export function JobRow({
  job,
  serverReachable,
  onDismiss,
  nowMs,
}: {
  job: JobView;
  serverReachable: boolean;
  onDismiss?: (id: string) => void;
  /** The panel's clock, for "finished 20:53" and the time of the last server stop. */
  nowMs?: number;
}) {
  const figures = jobLiveFigures(job, serverReachable);
  return (
    <li className={`job-row job-row--${job.state}`} data-job-id={job.id}>
      <div className="job-row__head">
        <JobTitle job={job} nameClassName="job-row__name" finishedAt nowMs={nowMs} />
        <span className="job-row__chips">
          <ExternalTag job={job} />
          <JobStateChip job={job} />
        </span>
      </div>
      <JobProgress job={job} />
      <div className="job-row__stats">
        <span className="num job-row__bytes">{jobBytesLabel(job)}</span>
        <span className="num job-row__speed">{figures.speed}</span>
        <span className="num job-row__eta">{figures.eta}</span>
        <ConnectionsFigure figures={figures} className="job-row__connections" />
      </div>
      <ExternalNote job={job} />
      <WaitingNote job={job} />
      <InterruptionsNote job={job} nowMs={nowMs} />
      <StallWarning job={job} />
      {job.state === 'failed' && job.error ? (
        <p className="job-row__error">{sanitizeMessage(job.error.message)}</p>
      ) : null}
      <RetryHint job={job} />
      <JobActions job={job} compact onDismiss={onDismiss} />
    </li>
  );
}
