/**
 * The Model Manager (default page): the catalog merged with what is installed and what is downloading
 * (GET /api/models), each with the action that fits its state, plus the "download any repo" form.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ModelListEntry } from '../../../src/api-types.js';
import { messageOf } from '../api/errors.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { DeleteModelsDialog } from '../components/delete-models-dialog.js';
import { HubSearch } from '../components/hub/hub-search.js';
import { withQuantsLabel } from '../format/quant-labels.js';
import { formatBytes, plural } from '../format/units.js';
import { serverUnreachable } from '../state/app-reducer.js';
import { useLive } from '../state/live-store.js';
import {
  bytesDeleteFrees,
  displayName,
  downloadRequestFor,
  filterEntries,
  offersDelete,
  placeOf,
  repoIdOf,
  STATUS_FILTER_TITLES,
  type StatusFilter,
  withLiveJob,
} from '../state/model-entries.js';
import { useModelsAddress } from '../state/models-address.js';
import { deletedNotice, deleteFailedNotice } from '../state/notices.js';
import { DownloadForm } from './download-form.js';
import { ModelItem } from './model-item.js';

export function ModelsPage() {
  const { api, state, dispatch, refreshJobs, refreshModels } = useLive();
  const entries = state.models;
  const loadError = state.modelsError;
  // The search and the list's filter live in the address: Back and reload find them (state/models-address.ts).
  const [address, changeAddress] = useModelsAddress();
  const { filter: query, show: statusFilter } = address;
  const [toDelete, setToDelete] = useState<ModelListEntry | null>(null);
  const [deleting, setDeleting] = useState(false);
  // The rows picked for one Delete of several, by key; only those shown that offer Delete count.
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [deletingSelected, setDeletingSelected] = useState(false);

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
  const deletable = visible.filter(offersDelete);
  const chosen = deletable.filter((entry) => selected.has(entry.key));
  const select = (keys: readonly string[], on: boolean) =>
    setSelected((before) => {
      const after = new Set(before);
      for (const key of keys) {
        if (on) after.add(key);
        else after.delete(key);
      }
      return after;
    });

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
        {chosen.length > 0 ? (
          <SelectionBar
            count={chosen.length}
            of={deletable.length}
            onSelectAll={() =>
              select(
                deletable.map((entry) => entry.key),
                true,
              )
            }
            onClear={() => setSelected(new Set())}
            onDelete={() => setDeletingSelected(true)}
          />
        ) : null}
        <ul className="model-list">
          {visible.map((entry) => (
            <ModelItem
              key={entry.key}
              entry={entry}
              serverReachable={!serverUnreachable(state)}
              onDownload={() => startDownload(entry)}
              onDelete={() => setToDelete(entry)}
              selection={
                offersDelete(entry)
                  ? { selected: selected.has(entry.key), onChange: (on) => select([entry.key], on) }
                  : null
              }
            />
          ))}
        </ul>
      </section>

      <DownloadForm />

      {deletingSelected && chosen.length > 0 ? (
        <DeleteModelsDialog
          entries={chosen}
          onClose={(deleted) => {
            setDeletingSelected(false);
            if (!deleted) return;
            setSelected(new Set());
            void refreshModels();
          }}
        />
      ) : null}

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

/** Above the list while rows are picked: how many, and one Delete for all of them. */
function SelectionBar({
  count,
  of,
  onSelectAll,
  onClear,
  onDelete,
}: {
  count: number;
  /** Rows shown that offer Delete. */
  of: number;
  onSelectAll: () => void;
  onClear: () => void;
  onDelete: () => void;
}) {
  return (
    <section className="model-selection" aria-label="Selected models">
      <span className="num" aria-live="polite">
        {count} of {plural(of, 'model')} selected
      </span>
      <div className="model-selection__actions">
        {count < of ? (
          <button type="button" className="button button--small" onClick={onSelectAll}>
            Select all {of}
          </button>
        ) : null}
        <button type="button" className="button button--small" onClick={onClear}>
          Clear selection
        </button>
        <button type="button" className="button button--small button--danger" onClick={onDelete}>
          Delete {plural(count, 'model')}
        </button>
      </div>
    </section>
  );
}
