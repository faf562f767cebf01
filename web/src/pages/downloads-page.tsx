/**
 * Downloads: live limits (parallel downloads, total bandwidth) applied through PUT /api/settings, the
 * running jobs with per-job limits, the queue (reorder by buttons or drag), and the history of finished
 * jobs with a speed-over-time chart each.
 */
import type { JobView } from '../../../src/api-types.js';
import { OfflineJobsNotice } from '../components/connection-banner.js';
import { ConnectionsFigure } from '../components/connections-figure.js';
import { ExternalNote, ExternalTag } from '../components/external-note.js';
import { InterruptionsNote } from '../components/interruptions-note.js';
import { JobActions } from '../components/job-actions.js';
import { JobProgress } from '../components/job-progress.js';
import { JobStateChip } from '../components/job-state-chip.js';
import { JobTitle } from '../components/job-title.js';
import { LiveLimits } from '../components/live-limits.js';
import { QueueCard } from '../components/queue-card.js';
import { RateInput } from '../components/rate-input.js';
import { StallWarning } from '../components/stall-warning.js';
import { WaitingNote } from '../components/waiting-note.js';
import { countsBeside, downloadingCount } from '../format/job-counts.js';
import { jobBytesLabel } from '../format/job-labels.js';
import { jobLiveFigures } from '../format/live-figures.js';
import { serverUnreachable } from '../state/app-reducer.js';
import { finishedJobs, queuedJobs } from '../state/jobs-reducer.js';
import { useLive } from '../state/live-store.js';
import { HistoryCard } from './downloads-history.js';

export function DownloadsPage() {
  const { state } = useLive();
  const running = Object.values(state.jobs.byId).filter(
    (job) => job.state === 'running' || job.state === 'paused',
  );
  // Counted as the panel and the nav count (format/job-counts.ts): the running ones, the paused ones named beside.
  const paused = countsBeside(running, ['paused']);
  const queue = queuedJobs(state.jobs);
  const history = finishedJobs(state.jobs);
  // While the server does not answer (the panel's rule): rows dimmed as of the last contact, controls off.
  const offline = serverUnreachable(state);
  return (
    <div className="page">
      <header className="page__header">
        <h1>Downloads</h1>
        <p className="muted">
          Bandwidth limits apply at once to running downloads; fewer parallel downloads take effect as running
          ones finish (none is stopped).
        </p>
      </header>
      <LimitsCard offline={offline} />
      <section className={`card${offline ? ' jobs--offline' : ''}`} aria-labelledby="active-title">
        <h2 id="active-title" className="card__title">
          Downloading ({downloadingCount(running)}){paused ? ' ' : null}
          {paused ? <span className="card__title-note num">· {paused}</span> : null}
        </h2>
        {offline ? <OfflineJobsNotice className="jobs__notice--offline" /> : null}
        {running.length === 0 ? <p className="muted">Nothing is downloading.</p> : null}
        <ul className="job-list">
          {running.map((job) => (
            <ActiveJob key={job.id} job={job} offline={offline} />
          ))}
        </ul>
      </section>
      <QueueCard queue={queue} offline={offline} />
      <HistoryCard history={history} />
    </div>
  );
}

function LimitsCard({ offline }: { offline: boolean }) {
  const { state } = useLive();
  if (!state.settings) return <section className="card muted">Loading limits…</section>;
  return (
    <section className="card" aria-labelledby="limits-title">
      <h2 id="limits-title" className="card__title">
        Limits
      </h2>
      <LiveLimits settings={state.settings} offline={offline} />
    </section>
  );
}

function ActiveJob({ job, offline }: { job: JobView; offline: boolean }) {
  const { api, dispatch, attempt } = useLive();
  const figures = jobLiveFigures(job, !offline);
  return (
    <li className="job-item">
      <div className="job-item__head">
        <JobTitle job={job} nameClassName="job-item__name" />
        <span className="job-item__chips">
          <ExternalTag job={job} />
          <JobStateChip job={job} />
        </span>
      </div>
      <JobProgress job={job} />
      <div className="job-item__stats">
        <span className="num">{jobBytesLabel(job)}</span>
        <span className="num">{figures.speed}</span>
        <span className="num">{figures.eta}</span>
        <ConnectionsFigure figures={figures} className="job-item__connections" />
        {job.filesTotal > 0 ? (
          <span className="num">
            {job.filesDone}/{job.filesTotal} files
          </span>
        ) : null}
      </div>
      <ExternalNote job={job} />
      <WaitingNote job={job} />
      <InterruptionsNote job={job} />
      <StallWarning job={job} />
      <div className="job-item__controls">
        {job.kind === 'download' ? (
          <RateInput
            label={`Limit for ${job.name}`}
            bytesPerSecond={job.bandwidthLimit}
            disabled={offline}
            onCommit={(limit) =>
              void attempt('Could not set the limit', async () => {
                const updated = await api.setJobLimit(job.id, limit);
                if (updated && typeof updated === 'object' && 'id' in updated)
                  dispatch({ type: 'job', job: updated });
              })
            }
          />
        ) : null}
        <JobActions job={job} />
      </div>
    </li>
  );
}
