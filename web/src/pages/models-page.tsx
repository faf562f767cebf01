/**
 * The Model Manager (default page): the catalog merged with what is installed and what is downloading
 * (GET /api/models), each with the action that fits its state, plus the "download any repo" form.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ModelListEntry } from '../../../src/api-types.js';
import { isFoundInSubFolder } from '../../../src/sub-folder-local-dir.js';
import { messageOf, sanitizeMessage } from '../api/errors.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ExternalTag } from '../components/external-note.js';
import { HubSearch } from '../components/hub/hub-search.js';
import { JobActions } from '../components/job-actions.js';
import { barState } from '../components/job-progress.js';
import { ProgressBar } from '../components/progress-bar.js';
import { RetryHint } from '../components/retry-hint.js';
import { SeveralDownloads, SeveralDownloadsActions } from '../components/several-downloads.js';
import { StallWarning } from '../components/stall-warning.js';
import { SubFolderNote } from '../components/sub-folder-note.js';
import { jobBytesLabel, missingFilesLabel, modelStatusLabel, modelStatusTone } from '../format/job-labels.js';
import { jobLiveFigures } from '../format/live-figures.js';
import { jobQuant, quantListLabel, withQuantsLabel } from '../format/quant-labels.js';
import { formatBytes, plural } from '../format/units.js';
import { Link } from '../router.js';
import { serverUnreachable } from '../state/app-reducer.js';
import { useLive } from '../state/live-store.js';
import {
  bytesDeleteFrees,
  displayName,
  displaySize,
  downloadHolding,
  downloadRequestFor,
  filterEntries,
  hasSeveralDownloads,
  placeOf,
  repoIdOf,
  repoPageOf,
  STATUS_FILTER_TITLES,
  type StatusFilter,
  withLiveJob,
} from '../state/model-entries.js';
import { useModelsAddress } from '../state/models-address.js';
import { deletedNotice, deleteFailedNotice } from '../state/notices.js';
import { DownloadForm } from './download-form.js';

export function ModelsPage() {
  const { api, state, dispatch, refreshJobs, refreshModels } = useLive();
  const entries = state.models;
  const loadError = state.modelsError;
  // The search and the list's filter live in the address: Back and reload find them (state/models-address.ts).
  const [address, changeAddress] = useModelsAddress();
  const { filter: query, show: statusFilter } = address;
  const [toDelete, setToDelete] = useState<ModelListEntry | null>(null);
  const [deleting, setDeleting] = useState(false);

  // The store reads the list at start and after every job change; a page opened later reads it afresh
  // (a `hubget rm` or a CLI download since), one opened at start shows the store's first read.
  const readOnOpen = useRef(entries !== null || loadError !== null);
  useEffect(() => {
    if (readOnOpen.current) void refreshModels();
  }, [refreshModels]);

  const live = useMemo(
    () => (entries ?? []).map((entry) => withLiveJob(entry, state.jobs.byId)),
    [entries, state.jobs.byId],
  );
  const visible = filterEntries(live, query, statusFilter);

  const startDownload = async (entry: ModelListEntry) => {
    try {
      const { job } = await api.create(downloadRequestFor(entry));
      // A new job changes the store's job key, and the store reads the list again (live-store.tsx).
      if (job && typeof job === 'object' && 'id' in job) dispatch({ type: 'job-created', job, notice: null });
      void refreshJobs();
    } catch (error) {
      dispatch({
        type: 'toast',
        notice: {
          level: 'error',
          jobId: '',
          title: `Could not download ${displayName(entry)}`,
          message: messageOf(error),
        },
      });
    }
  };

  const confirmDelete = async () => {
    const entry = toDelete;
    if (!entry?.installed) return;
    setDeleting(true);
    try {
      const result = await api.deleteModel(entry.installed);
      const freed = result?.freedBytes ?? bytesDeleteFrees(entry.installed);
      dispatch({ type: 'toast', notice: deletedNotice(displayName(entry), freed) });
      setToDelete(null);
      void refreshModels();
    } catch (error) {
      dispatch({
        type: 'toast',
        notice: deleteFailedNotice(messageOf(error)),
      });
    } finally {
      setDeleting(false);
    }
  };

  return (
    <div className="page">
      <header className="page__header">
        <h1>Model Manager</h1>
        <p className="muted">Find models on the Hub, see what is installed, and what is on its way.</p>
      </header>

      <HubSearch fields={address} onChange={changeAddress} />

      {/* Stays while searching the Hub: the results come above, what is installed stays at hand. */}
      <section className="card" aria-labelledby="models-title">
        <div className="toolbar">
          <h2 id="models-title" className="card__title">
            {STATUS_FILTER_TITLES[statusFilter]}
          </h2>
          <div className="toolbar__filters">
            <label className="field field--inline">
              <span className="visually-hidden">Filter these models</span>
              <input
                type="search"
                placeholder="Filter this list…"
                value={query}
                onChange={(event) => changeAddress({ filter: event.target.value })}
              />
            </label>
            <label className="field field--inline">
              <span className="visually-hidden">Show</span>
              <select
                value={statusFilter}
                onChange={(event) => changeAddress({ show: event.target.value as StatusFilter })}
              >
                <option value="all">All</option>
                <option value="installed">Installed</option>
                <option value="partial">Partial</option>
                <option value="not-installed">Not installed</option>
                <option value="active">Downloading / failed</option>
              </select>
            </label>
          </div>
        </div>
        {loadError ? (
          <p className="callout callout--danger" role="alert">
            {loadError}{' '}
            <button type="button" className="button button--small" onClick={() => void refreshModels()}>
              Try again
            </button>
          </p>
        ) : null}
        {entries === null && !loadError ? <p className="muted">Loading…</p> : null}
        {entries !== null && visible.length === 0 ? (
          <p className="muted">
            {live.length === 0 ? 'No models yet. Download one above.' : 'No model matches.'}
          </p>
        ) : null}
        <ul className="model-list">
          {visible.map((entry) => (
            <ModelItem
              key={entry.key}
              entry={entry}
              serverReachable={!serverUnreachable(state)}
              onDownload={() => startDownload(entry)}
              onDelete={() => setToDelete(entry)}
            />
          ))}
        </ul>
      </section>

      <DownloadForm />

      {toDelete?.installed ? (
        <ConfirmDialog
          title={`Delete ${displayName(toDelete)} (${placeOf(toDelete.installed)})?`}
          confirmLabel={
            deleting ? 'Deleting…' : `Delete and free ${formatBytes(bytesDeleteFrees(toDelete.installed))}`
          }
          busy={deleting}
          onConfirm={() => void confirmDelete()}
          onCancel={() => setToDelete(null)}
        >
          <p>
            This removes <strong>{repoIdOf(toDelete)}</strong>
            {toDelete.installed.quants.length > 0 ? ` ${withQuantsLabel(toDelete.installed.quants)}` : ''} (
            {plural(toDelete.installed.files, 'file')},{' '}
            {plural(toDelete.installed.revisions.length, 'revision')})
            {toDelete.installed.unfinishedFiles > 0
              ? ` with the partial data of ${plural(toDelete.installed.unfinishedFiles, 'unfinished download')}`
              : ''}{' '}
            and frees <strong className="num">{formatBytes(bytesDeleteFrees(toDelete.installed))}</strong>.
          </p>
          <p className="mono dialog__path">{toDelete.installed.path}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

/** The title of a partial model's Download, which is named "Resume download". */
const RESUME_DOWNLOAD_TITLE =
  'Fetches only what is missing: the files on disk stay, and unfinished files go on from where they stopped';

function ModelItem({
  entry,
  serverReachable,
  onDownload,
  onDelete,
}: {
  entry: ModelListEntry;
  /** False while the server answers nothing: no speed is shown (live-figures.ts). */
  serverReachable: boolean;
  onDownload: () => Promise<void>;
  onDelete: () => void;
}) {
  const name = displayName(entry);
  const repoId = repoIdOf(entry);
  const page = repoPageOf(entry);
  const size = displaySize(entry);
  const job = entry.job;
  // Several downloads on their way: a line each, and buttons that act on all of them.
  const several = hasSeveralDownloads(entry);
  const showProgress =
    job && !several && ['queued', 'downloading', 'paused', 'failed'].includes(entry.status);
  // A partial model whose latest download was cancelled or failed: Retry continues it.
  const retriesJob = entry.status === 'partial' && (job?.state === 'cancelled' || job?.state === 'failed');
  // Listed, but the server deletes only what it creates: the note says what deletes it.
  const foundInSubFolder = entry.installed !== null && isFoundInSubFolder(entry.installed);
  // A partial model with nothing else to go by (its job removed from the History) is completed where it is,
  // unless in a folder of the user's own tree.
  const offersDownload =
    entry.status === 'not-installed' ||
    (entry.status === 'failed' && !job) ||
    (entry.status === 'partial' &&
      !retriesJob &&
      (entry.catalog !== null || job !== null || !foundInSubFolder));
  // A partial model's Download fetches only what is missing and resumes its unfinished files: it says so.
  const resumes = entry.status === 'partial';
  const missing = entry.status === 'partial' && entry.installed ? missingFilesLabel(entry.installed) : '';
  const [busy, setBusy] = useState(false);
  // Bytes so far of the total, or what is known of the size (nothing for a job that ended without it).
  const bytes = job ? jobBytesLabel(job) : '';
  // A GGUF repo's row names the quantization on its way (the sizes and names beside are what is on disk).
  const quant = job ? jobQuant(job) : null;
  return (
    <li className="model">
      <div className="model__main">
        <div className="model__title">
          <h3 className="model__name">
            {page ? (
              <Link to={page} className="model__link">
                {name}
              </Link>
            ) : (
              name
            )}
          </h3>
          <span className={`chip chip--${modelStatusTone(entry)}`}>{modelStatusLabel(entry)}</span>
          {job && showProgress ? <ExternalTag job={job} /> : null}
        </div>
        <p className="model__meta">
          <span className="mono">{repoId}</span>
          {size !== null ? (
            <span className="num">
              {size.exact ? '' : '≈ '}
              {formatBytes(size.bytes)}
            </span>
          ) : null}
          {entry.installed?.quants.length ? (
            <span title="GGUF quantizations on disk">{quantListLabel(entry.installed.quants)}</span>
          ) : null}
          {entry.installed?.location === 'local' ? (
            <span className="model__folder" title={entry.installed.path}>
              <span className="chip chip--neutral">folder</span>{' '}
              <span className="mono">{entry.installed.localFolder}</span>
            </span>
          ) : null}
        </p>
        {missing ? <p className="model__missing">{missing}</p> : null}
        {entry.installed && foundInSubFolder ? <SubFolderNote installed={entry.installed} /> : null}
        {entry.catalog?.description ? (
          <p className="model__description">{entry.catalog.description}</p>
        ) : null}
      </div>
      <div className="model__actions">
        {offersDownload ? (
          <button
            type="button"
            className="button button--primary"
            aria-label={resumes ? `Resume download of ${name}` : `Download ${name}`}
            title={resumes ? RESUME_DOWNLOAD_TITLE : undefined}
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void onDownload().finally(() => setBusy(false));
            }}
          >
            {resumes ? 'Resume download' : 'Download'}
          </button>
        ) : null}
        {job && (showProgress || retriesJob) ? <JobActions job={job} /> : null}
        {several ? <SeveralDownloadsActions name={name} jobs={entry.activeJobs} /> : null}
        {/* No Delete while a download of its own holds it (paused too): its Cancel is there instead. */}
        {entry.installed &&
        !foundInSubFolder &&
        !downloadHolding(entry) &&
        entry.status !== 'downloading' &&
        entry.status !== 'queued' ? (
          // The size of the row's other buttons (Retry, Remove from history, Pause, Cancel: JobActions').
          <button
            type="button"
            className="button button--small button--danger-quiet"
            aria-label={`Delete ${name} (${placeOf(entry.installed)})`}
            onClick={onDelete}
          >
            Delete
          </button>
        ) : null}
      </div>
      {/* The row's progress, warnings and error under both: the whole row's width, so every row's bar ends level. */}
      {(showProgress && job) || several || (entry.status === 'failed' && job) ? (
        <div className="model__below">
          {showProgress && job ? (
            <div className="model__progress">
              {quant ? (
                <strong className="model__quant" title="Quantization being downloaded">
                  {quant}
                </strong>
              ) : null}
              <ProgressBar percent={job.percent} label={job.name} state={barState(job)} />
              {/* Bytes and speed in a column of one width on every row, so the rows' bars end level. */}
              <span className="model__figures">
                {bytes ? <span className="num">{bytes}</span> : null}
                {job.state === 'running' ? (
                  <span className="num">{jobLiveFigures(job, serverReachable).speed}</span>
                ) : null}
              </span>
            </div>
          ) : null}
          {/* Nothing arriving: the panel's warning line (a stall, or what fails and the try). */}
          {showProgress && job ? <StallWarning job={job} /> : null}
          {several ? <SeveralDownloads jobs={entry.activeJobs} /> : null}
          {entry.status === 'failed' && job?.error ? (
            <p className="form-error">{sanitizeMessage(job.error.message)}</p>
          ) : null}
          {entry.status === 'failed' && job ? <RetryHint job={job} /> : null}
        </div>
      ) : null}
    </li>
  );
}
