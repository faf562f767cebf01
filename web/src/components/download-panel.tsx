/**
 * The bottom-right download panel on every page, after the original Model Manager's:
 * "Downloading Models (N)" (the running jobs; the paused, queued and failed ones counted under it:
 * format/panel-headline.ts) with hubget's own live speed badge, an info line on what the bars mean, one row
 * per active or recent job, and the colour-coded "Network Activity" footer. The original's line said that
 * progress may pause while large chunks finish; hubget's bars count the bytes on disk as they arrive, so a
 * bar that stops means no bytes arrive, and the row says so (stall-warning.tsx).
 */
import { useState } from 'react';
import { panelHeadline } from '../format/panel-headline.js';
import { speedLevel } from '../format/speed-level.js';
import { formatSpeed } from '../format/units.js';
import { serverUnreachable } from '../state/app-reducer.js';
import { deletedSince } from '../state/deleted-since.js';
import { panelJobs, totalSpeed } from '../state/jobs-reducer.js';
import { useLive } from '../state/live-store.js';
import { OfflineJobsNotice, SERVER_UNREACHABLE_TITLE } from './connection-banner.js';
import { InfoIcon } from './icons.js';
import { JobRow } from './job-row.js';
import { useNow } from './use-now.js';

const COLLAPSED_KEY = 'hubget.panelCollapsed';

/** The user's last choice; without one, collapsed on phone-sized screens where the panel would cover the page. */
function readCollapsed(): boolean {
  let stored: string | null = null;
  try {
    stored = window.localStorage.getItem(COLLAPSED_KEY);
  } catch {
    stored = null;
  }
  if (stored !== null) return stored === '1';
  return typeof window.matchMedia === 'function' && window.matchMedia('(max-width: 640px)').matches;
}

export function DownloadPanel() {
  const { state } = useLive();
  const [collapsed, setCollapsed] = useState(readCollapsed);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set());
  const now = useNow(30_000);
  // A completed download whose model was deleted since is not news any more.
  const rows = panelJobs(state.jobs, now, dismissed).filter((job) => !deletedSince(job, state.models));
  const headline = panelHeadline(rows);
  const speed = totalSpeed(state.jobs);
  const network = state.network;
  // While the server answers nothing, no figure is live: the badge says so and speeds stay blank.
  const offline = serverUnreachable(state);

  const toggle = () => {
    setCollapsed((value) => {
      try {
        window.localStorage.setItem(COLLAPSED_KEY, value ? '0' : '1');
      } catch {
        // Not persisted in private mode; harmless.
      }
      return !value;
    });
  };
  const dismiss = (id: string) => setDismissed((set) => new Set(set).add(id));

  return (
    <aside
      className={`panel${collapsed ? ' panel--collapsed' : ''}${offline ? ' panel--offline' : ''}`}
      aria-label="Downloads in progress"
    >
      <header className="panel__header">
        <button
          type="button"
          className="panel__toggle"
          aria-expanded={!collapsed}
          aria-controls="download-panel-body"
          onClick={toggle}
        >
          <span className="panel__heading">
            <span className="panel__title">{headline.title}</span>
            {headline.others ? <span className="panel__others num">{headline.others}</span> : null}
          </span>
          <span className="panel__chevron" aria-hidden="true">
            {collapsed ? '▴' : '▾'}
          </span>
        </button>
        {offline ? (
          <output className="badge badge--offline" title={SERVER_UNREACHABLE_TITLE}>
            Unreachable
          </output>
        ) : (
          <output
            className={`badge num speed--${speedLevel(speed)}`}
            aria-label={`hubget download speed ${formatSpeed(speed)}`}
            title="hubget's own total download speed"
          >
            ↓ {formatSpeed(speed)}
          </output>
        )}
      </header>
      <div id="download-panel-body" className="panel__body" hidden={collapsed}>
        {state.mode === 'polling' ? (
          <p className="panel__notice" role="status">
            Live updates unavailable — refreshing every 2 s.
          </p>
        ) : null}
        {offline ? <OfflineJobsNotice className="panel__notice panel__notice--offline" /> : null}
        {rows.length > 0 ? (
          <p className="panel__info">
            <InfoIcon />
            Progress counts the bytes on disk as they arrive. A download that stops receiving reconnects on
            its own and says so here.
          </p>
        ) : null}
        {rows.length > 0 ? (
          <ul className="panel__rows">
            {rows.map((job) => (
              <JobRow key={job.id} job={job} serverReachable={!offline} onDismiss={dismiss} nowMs={now} />
            ))}
          </ul>
        ) : (
          <p className="panel__empty">No downloads right now.</p>
        )}
        <footer className="panel__footer">
          <span>Network Activity:</span>
          {offline ? (
            <span className="muted">server unreachable</span>
          ) : network?.supported ? (
            <>
              <span className={`num net-figure speed--${speedLevel(network.rxBytesPerSecond)}`}>
                ↓ {formatSpeed(network.rxBytesPerSecond)}
              </span>
              <span className={`num net-figure speed--${speedLevel(network.txBytesPerSecond)}`}>
                ↑ {formatSpeed(network.txBytesPerSecond)}
              </span>
            </>
          ) : (
            <span className="muted">{network ? 'unsupported on this system' : '…'}</span>
          )}
        </footer>
      </div>
    </aside>
  );
}
