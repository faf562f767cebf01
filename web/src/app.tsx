/**
 * The shell: top navigation, the "server unreachable" banner, the notice of a restart after a crash, the
 * current page, the download panel and the toasts (on every page).
 */
import { ConnectionBanner } from './components/connection-banner.js';
import { DownloadPanel } from './components/download-panel.js';
import { NotificationToggle } from './components/notification-toggle.js';
import { RestartNotice } from './components/restart-notice.js';
import { Toasts } from './components/toasts.js';
import { navBadge, navCountWords } from './format/job-counts.js';
import { DownloadsPage } from './pages/downloads-page.js';
import { FolderPage } from './pages/folder-page.js';
import { ModelPage } from './pages/model-page.js';
import { ModelsPage } from './pages/models-page.js';
import { NetworkPage } from './pages/network-page.js';
import { SettingsPage } from './pages/settings-page.js';
import { Link, ROUTES, type Route, useRoute } from './router.js';
import { useLive } from './state/live-store.js';

const PAGES: Record<Route, () => React.JSX.Element> = {
  models: ModelsPage,
  model: ModelPage,
  folder: FolderPage,
  downloads: DownloadsPage,
  network: NetworkPage,
  settings: SettingsPage,
};

export function App() {
  const route = useRoute();
  const { state } = useLive();
  const Page = PAGES[route];
  // The panel's rule (format/job-counts.ts): the badge counts what downloads now (else, muted, what waits); its
  // tooltip names the others.
  const jobs = Object.values(state.jobs.byId);
  const badge = navBadge(jobs);
  const countWords = navCountWords(jobs);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/models" className="brand">
          <span className="brand__mark" aria-hidden="true">
            ⇣
          </span>
          hubget
        </Link>
        <nav aria-label="Main" className="nav">
          {ROUTES.map((entry) => (
            <Link
              key={entry.route}
              to={entry.path}
              className="nav__link"
              current={
                route === entry.route ||
                ((route === 'model' || route === 'folder') && entry.route === 'models')
              }
            >
              {entry.label}
              {entry.route === 'downloads' && badge ? (
                <span
                  className={`nav__count num${badge.waiting ? ' nav__count--waiting' : ''}`}
                  title={countWords}
                >
                  <span aria-hidden="true">{badge.count}</span>
                  <span className="visually-hidden"> ({countWords})</span>
                </span>
              ) : null}
            </Link>
          ))}
        </nav>
        <div className="topbar__end">
          <NotificationToggle compact />
        </div>
      </header>
      <ConnectionBanner />
      <RestartNotice />
      <main id="main" tabIndex={-1}>
        <Page />
      </main>
      <Toasts />
      <DownloadPanel />
    </>
  );
}
