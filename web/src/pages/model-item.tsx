/**
 * One row of the Model Manager (models-page.tsx): what the model is, its status and progress, and the action that
 * fits its state; with `selection`, a checkbox that picks it for one Delete of several.
 */
import { useState } from 'react';
import type { ModelListEntry } from '../../../src/api-types.js';
import { isFoundInSubFolder } from '../../../src/sub-folder-local-dir.js';
import { sanitizeMessage } from '../api/errors.js';
import { ExternalTag } from '../components/external-note.js';
import { JobActions } from '../components/job-actions.js';
import { barState } from '../components/job-progress.js';
import { ProgressBar } from '../components/progress-bar.js';
import { RetryHint } from '../components/retry-hint.js';
import { SeveralDownloads, SeveralDownloadsActions } from '../components/several-downloads.js';
import { StallWarning } from '../components/stall-warning.js';
import { SubFolderNote } from '../components/sub-folder-note.js';
import { jobBytesLabel, missingFilesLabel, modelStatusLabel, modelStatusTone } from '../format/job-labels.js';
import { jobLiveFigures } from '../format/live-figures.js';
import { jobQuant, quantListLabel } from '../format/quant-labels.js';
import { formatBytes } from '../format/units.js';
import { Link } from '../router.js';
import {
  displayName,
  displaySize,
  hasSeveralDownloads,
  offersDelete,
  placeOf,
  repoIdOf,
  repoPageOf,
} from '../state/model-entries.js';

/** The title of a partial model's Download, which is named "Resume download". */
const RESUME_DOWNLOAD_TITLE =
  'Fetches only what is missing: the files on disk stay, and unfinished files go on from where they stopped';

export function ModelItem({
  entry,
  serverReachable,
  onDownload,
  onDelete,
  selection,
}: {
  entry: ModelListEntry;
  /** False while the server answers nothing: no speed is shown (live-figures.ts). */
  serverReachable: boolean;
  onDownload: () => Promise<void>;
  onDelete: () => void;
  /** Whether the row is picked for a Delete of several, and the change of it; null for a row without Delete. */
  selection: { selected: boolean; onChange: (selected: boolean) => void } | null;
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
  // A folder no marker names has no repo to download from (its folder's name is no repo's).
  const unnamed = entry.installed?.unnamedRepo === true;
  const offersDownload =
    !unnamed &&
    (entry.status === 'not-installed' ||
      (entry.status === 'failed' && !job) ||
      (entry.status === 'partial' &&
        !retriesJob &&
        (entry.catalog !== null || job !== null || !foundInSubFolder)));
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
          {selection && entry.installed ? (
            <input
              type="checkbox"
              className="model__select"
              aria-label={`Select ${name} (${placeOf(entry.installed)})`}
              checked={selection.selected}
              onChange={(event) => selection.onChange(event.target.checked)}
            />
          ) : null}
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
          {unnamed ? (
            <span title="No hubget marker names the repo it holds: huggingface_hub or another tool made it">
              repo not named
            </span>
          ) : (
            <span className="mono">{repoId}</span>
          )}
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
        {offersDelete(entry) ? (
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
