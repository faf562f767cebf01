/**
 * Downloads: live limits (parallel downloads, total bandwidth) applied through PUT /api/settings, the
 * running jobs with per-job limits, the queue (reorder by buttons or drag), and the history of finished
 * jobs with a speed-over-time chart each.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { JobView, SettingsUpdate, SpeedSample } from '../../../src/api-types.js';
import { MAX_MAX_PARALLEL } from '../../../src/defaults.js';
import { fetchedOf } from '../../../src/format/job-figures.js';
import { messageOf, sanitizeMessage } from '../api/errors.js';
import { TimeChart } from '../charts/time-chart.js';
import { OfflineJobsNotice } from '../components/connection-banner.js';
import { ConnectionsFigure } from '../components/connections-figure.js';
import { ExternalNote, ExternalTag } from '../components/external-note.js';
import { JobActions } from '../components/job-actions.js';
import { JobProgress } from '../components/job-progress.js';
import { JobStateChip } from '../components/job-state-chip.js';
import { JobTitle } from '../components/job-title.js';
import { QueueCard } from '../components/queue-card.js';
import { RateInput } from '../components/rate-input.js';
import { StallWarning } from '../components/stall-warning.js';
import { WaitingNote } from '../components/waiting-note.js';
import { jobBytesLabel } from '../format/job-labels.js';
import { jobLiveFigures } from '../format/live-figures.js';
import { formatSpeed } from '../format/units.js';
import { serverUnreachable } from '../state/app-reducer.js';
import { deletedSince } from '../state/deleted-since.js';
import { historyFigures, speedChartPoints } from '../state/job-stats.js';
import { finishedJobs, queuedJobs } from '../state/jobs-reducer.js';
import { type JobCommand, useLive } from '../state/live-store.js';

export function DownloadsPage() {
  const { state } = useLive();
  const running = Object.values(state.jobs.byId).filter(
    (job) => job.state === 'running' || job.state === 'paused',
  );
  const queue = queuedJobs(state.jobs);
  const history = finishedJobs(state.jobs);
  // While the server does not answer (the panel's rule): rows dimmed as of the last contact, controls off.
  const offline = serverUnreachable(state);
  return (
    <div className="page">
      <header className="page__header">
        <h1>Downloads</h1>
        <p className="muted">Limits apply immediately to running downloads.</p>
      </header>
      <LimitsCard offline={offline} />
      <section className={`card${offline ? ' jobs--offline' : ''}`} aria-labelledby="active-title">
        <h2 id="active-title" className="card__title">
          Active ({running.length})
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

/**
 * Finished jobs, newest first. Remove from history takes the row away, and with it the button that had the
 * focus, which would fall to the page's body: once the row is gone, the next row's Remove has it, else the
 * previous row's, else the card's heading (focusable from script only, tabIndex -1).
 */
function HistoryCard({ history }: { history: JobView[] }) {
  const sectionRef = useRef<HTMLElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  /** The row whose Remove was used and where it was, until the history no longer shows it. */
  const refocus = useRef<{ id: string; from: number } | null>(null);

  useLayoutEffect(() => {
    const pending = refocus.current;
    if (!pending || history.some((job) => job.id === pending.id)) return;
    refocus.current = null;
    const active = document.activeElement;
    // Not if the focus went somewhere else meanwhile.
    if (active && active !== document.body && !sectionRef.current?.contains(active)) return;
    const rows = listRef.current?.children ?? [];
    const removeOf = (row: Element | undefined) =>
      row?.querySelector<HTMLButtonElement>('button[data-command="remove"]:not(:disabled)') ?? null;
    (removeOf(rows[pending.from]) ?? removeOf(rows[pending.from - 1]) ?? headingRef.current)?.focus();
  }, [history]);

  const onRun = (job: JobView, index: number) => (command: JobCommand, worked: Promise<boolean>) => {
    if (command !== 'remove') return;
    refocus.current = { id: job.id, from: index };
    void worked.then((ok) => {
      if (!ok && refocus.current?.id === job.id) refocus.current = null;
    });
  };

  return (
    <section className="card" aria-labelledby="history-title" ref={sectionRef}>
      <h2 id="history-title" className="card__title" ref={headingRef} tabIndex={-1}>
        History ({history.length})
      </h2>
      {history.length === 0 ? <p className="muted">Finished downloads appear here.</p> : null}
      <ul className="job-list" ref={listRef}>
        {history.map((job, index) => (
          <HistoryItem key={job.id} job={job} onRun={onRun(job, index)} />
        ))}
      </ul>
    </section>
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

function HistoryItem({
  job,
  onRun,
}: {
  job: JobView;
  onRun: (command: JobCommand, worked: Promise<boolean>) => void;
}) {
  const { api, state } = useLive();
  const [open, setOpen] = useState(false);
  const [samples, setSamples] = useState<SpeedSample[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Nothing came over the network (failed before its listing, or everything was on disk): no chart to offer.
  const fetchedNothing = fetchedOf(job) === 0;

  const toggle = async () => {
    const next = !open;
    setOpen(next);
    if (next && samples === null) {
      try {
        setSamples(await api.history(job.id));
        setError(null);
      } catch (caught) {
        setError(messageOf(caught));
      }
    }
  };

  return (
    <li className="job-item">
      <div className="job-item__head">
        <JobTitle job={job} nameClassName="job-item__name" />
        <span className="job-item__chips">
          {deletedSince(job, state.models) ? (
            <span className="chip chip--neutral" title="Its files are no longer on disk">
              deleted since
            </span>
          ) : null}
          <JobStateChip job={job} />
        </span>
      </div>
      <div className="job-item__stats">
        {historyFigures(job, samples).map((figure) => (
          <span key={figure} className="num">
            {figure}
          </span>
        ))}
        <span className="muted">{job.finishedAt ? new Date(job.finishedAt).toLocaleString() : ''}</span>
      </div>
      {job.error ? (
        <p className="form-error" role="note">
          {sanitizeMessage(job.error.message)}
        </p>
      ) : null}
      <div className="job-item__controls">
        {fetchedNothing ? null : (
          <button
            type="button"
            className="button button--small"
            aria-expanded={open}
            aria-label={`Speed chart for ${job.name}`}
            onClick={() => void toggle()}
          >
            {open ? 'Hide chart' : 'Speed chart'}
          </button>
        )}
        <JobActions job={job} onRun={onRun} />
      </div>
      {open ? (
        <div className="job-item__chart">
          {error ? <p className="form-error">{error}</p> : null}
          {samples === null && !error ? <p className="muted">Loading…</p> : null}
          {samples !== null && samples.length === 0 ? (
            <p className="muted">No speed samples were recorded.</p>
          ) : null}
          {samples !== null && samples.length > 0 ? <SpeedChart name={job.name} samples={samples} /> : null}
        </div>
      ) : null}
    </li>
  );
}

/** A finished job's speed over time, broken where the samples have a gap (a pause): `speedChartPoints`. */
function SpeedChart({ name, samples }: { name: string; samples: SpeedSample[] }) {
  const { times, values } = speedChartPoints(samples);
  return (
    <TimeChart
      label={`Download speed over time for ${name}`}
      height={180}
      times={times}
      series={[{ label: 'Speed', color: 'var(--accent)', fill: true, values }]}
    />
  );
}
