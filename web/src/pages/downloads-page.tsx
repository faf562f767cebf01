/**
 * Downloads: live limits (parallel downloads, total bandwidth) applied through PUT /api/settings, the
 * running jobs with per-job limits, the queue (reorder by buttons or drag), and the history of finished
 * jobs with a speed-over-time chart each.
 */
import { useState } from 'react';
import type { JobView, SettingsUpdate } from '../../../src/api-types.js';
import { MAX_MAX_PARALLEL } from '../../../src/defaults.js';
import { OfflineJobsNotice } from '../components/connection-banner.js';
import { ConnectionsFigure } from '../components/connections-figure.js';
import { ExternalNote, ExternalTag } from '../components/external-note.js';
import { InterruptionsNote } from '../components/interruptions-note.js';
import { JobActions } from '../components/job-actions.js';
import { JobProgress } from '../components/job-progress.js';
import { JobStateChip } from '../components/job-state-chip.js';
import { JobTitle } from '../components/job-title.js';
import { QueueCard } from '../components/queue-card.js';
import { RateInput } from '../components/rate-input.js';
import { StallWarning } from '../components/stall-warning.js';
import { WaitingNote } from '../components/waiting-note.js';
import { countsBeside, downloadingCount } from '../format/job-counts.js';
import { jobBytesLabel } from '../format/job-labels.js';
import { jobLiveFigures } from '../format/live-figures.js';
import { formatSpeed } from '../format/units.js';
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
  const { state, api, dispatch, attempt } = useLive();
  const settings = state.settings;
  const [saved, setSaved] = useState<string | null>(null);
  const apply = async (update: SettingsUpdate, what: string) => {
    const next = await attempt('Could not apply the limit', () => api.updateSettings(update));
    if (next) {
      dispatch({ type: 'settings', settings: next });
      setSaved(`${what} applied.`);
    }
  };
  if (!settings) return <section className="card muted">Loading limits…</section>;
  return (
    <section className="card" aria-labelledby="limits-title">
      <h2 id="limits-title" className="card__title">
        Limits
      </h2>
      <div className="limits">
        <ParallelInput
          value={settings.maxParallel}
          disabled={offline}
          onCommit={(maxParallel) => void apply({ maxParallel }, `Parallel downloads: ${maxParallel}`)}
        />
        <RateInput
          label="Total bandwidth limit"
          bytesPerSecond={settings.bandwidthLimit}
          disabled={offline}
          onCommit={(bandwidthLimit) =>
            void apply(
              { bandwidthLimit },
              bandwidthLimit > 0 ? `Bandwidth limit ${formatSpeed(bandwidthLimit)}` : 'No bandwidth limit',
            )
          }
        />
      </div>
      <p className="muted small" role="status">
        {saved ?? ''}
      </p>
    </section>
  );
}

function ParallelInput({
  value,
  disabled,
  onCommit,
}: {
  value: number;
  disabled: boolean;
  onCommit: (value: number) => void;
}) {
  const set = (next: number) => {
    const clamped = Math.min(MAX_MAX_PARALLEL, Math.max(1, Math.round(next)));
    if (clamped !== value) onCommit(clamped);
  };
  return (
    <fieldset className="stepper">
      <legend className="field__label">Parallel downloads</legend>
      <div className="stepper__row">
        <button
          type="button"
          className="button button--small"
          aria-label="Fewer parallel downloads"
          disabled={disabled || value <= 1}
          onClick={() => set(value - 1)}
        >
          −
        </button>
        <output className="num stepper__value" aria-live="polite">
          {value}
        </output>
        <button
          type="button"
          className="button button--small"
          aria-label="More parallel downloads"
          disabled={disabled || value >= MAX_MAX_PARALLEL}
          onClick={() => set(value + 1)}
        >
          +
        </button>
      </div>
    </fieldset>
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
