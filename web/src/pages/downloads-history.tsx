/**
 * The Downloads page's History card: finished jobs, newest first, each with its speed-over-time chart. The
 * mirror's pulls (one job per file a LAN client asked for: src/mirror-pull.ts) are kept apart, folded into one
 * line that names them by repo, with a button that lists them: one client's snapshot of a 40-file repo made 40
 * rows that pushed the user's own downloads off the page.
 */
import { useLayoutEffect, useRef, useState } from 'react';
import type { JobView, SpeedSample } from '../../../src/api-types.js';
import { fetchedOf } from '../../../src/format/job-figures.js';
import { isMirrorPull } from '../../../src/mirror-pull.js';
import { messageOf, sanitizeMessage } from '../api/errors.js';
import { TimeChart } from '../charts/time-chart.js';
import { InterruptionsNote } from '../components/interruptions-note.js';
import { JobActions } from '../components/job-actions.js';
import { JobStateChip } from '../components/job-state-chip.js';
import { JobTitle } from '../components/job-title.js';
import { RetryHint } from '../components/retry-hint.js';
import { plural } from '../format/units.js';
import { deletedSince } from '../state/deleted-since.js';
import { chartable, historyFigures, noChartWords, speedChartPoints } from '../state/job-stats.js';
import { type JobCommand, useLive } from '../state/live-store.js';

/** "40 files of org/many, 2 of org/small": the repos the mirror's pulls were of, most files first (three named). */
export function mirrorPullsSummary(pulls: readonly JobView[]): string {
  const byRepo = new Map<string, number>();
  for (const job of pulls) byRepo.set(job.repoId, (byRepo.get(job.repoId) ?? 0) + 1);
  const repos = [...byRepo].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const named = repos
    .slice(0, 3)
    .map(([repoId, count], index) => `${index === 0 ? plural(count, 'file') : count} of ${repoId}`);
  const others = repos.length - named.length;
  return others > 0 ? `${named.join(', ')} and ${plural(others, 'other repo')}` : named.join(', ');
}

/**
 * Finished jobs, newest first. Remove from history takes the row away, and with it the button that had the
 * focus, which would fall to the page's body: once the row is gone, the next row's Remove has it, else the
 * previous row's, else the card's heading (focusable from script only, tabIndex -1).
 */
export function HistoryCard({ history }: { history: JobView[] }) {
  const sectionRef = useRef<HTMLElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  /** The row whose Remove was used and where it was, until the history no longer shows it. */
  const refocus = useRef<{ id: string; from: number } | null>(null);
  const [showPulls, setShowPulls] = useState(false);
  const pulls = history.filter(isMirrorPull);
  const own = pulls.length === 0 ? history : history.filter((job) => !isMirrorPull(job));
  const shown = showPulls ? history : own;

  useLayoutEffect(() => {
    const pending = refocus.current;
    if (!pending || shown.some((job) => job.id === pending.id)) return;
    refocus.current = null;
    const active = document.activeElement;
    // Not if the focus went somewhere else meanwhile.
    if (active && active !== document.body && !sectionRef.current?.contains(active)) return;
    const rows = listRef.current?.children ?? [];
    const removeOf = (row: Element | undefined) =>
      row?.querySelector<HTMLButtonElement>('button[data-command="remove"]:not(:disabled)') ?? null;
    (removeOf(rows[pending.from]) ?? removeOf(rows[pending.from - 1]) ?? headingRef.current)?.focus();
  }, [shown]);

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
        History ({own.length})
      </h2>
      {pulls.length > 0 ? (
        <p className="history__pulls">
          <span>
            Mirror pulls for LAN clients: {mirrorPullsSummary(pulls)}
            {showPulls ? ', listed with the downloads below' : ''}.
          </span>{' '}
          <button
            type="button"
            className="button button--small"
            aria-expanded={showPulls}
            onClick={() => setShowPulls(!showPulls)}
          >
            {showPulls ? 'Hide mirror pulls' : `Show ${plural(pulls.length, 'mirror pull')}`}
          </button>
        </p>
      ) : null}
      {shown.length === 0 ? <p className="muted">Finished downloads appear here.</p> : null}
      <ul className="job-list" ref={listRef}>
        {shown.map((job, index) => (
          <HistoryItem key={job.id} job={job} onRun={onRun(job, index)} />
        ))}
      </ul>
    </section>
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
      <InterruptionsNote job={job} />
      {job.error ? (
        <p className="form-error" role="note">
          {sanitizeMessage(job.error.message)}
        </p>
      ) : null}
      <RetryHint job={job} />
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
          {samples !== null && !chartable(samples) ? (
            <p className="muted">{noChartWords(job, samples)}</p>
          ) : null}
          {samples !== null && chartable(samples) ? <SpeedChart name={job.name} samples={samples} /> : null}
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
