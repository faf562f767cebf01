/**
 * The Models page's Delete of several models at once: the confirmation names each with what it frees and says what
 * they free together, as the server counts it (POST /api/models/delete/preview: a blob they hard-link between them,
 * a fork's weights and its base's, goes only with its every name, and is freed by the set though each one's own
 * Delete counts it as kept by the other). Confirmed, one POST /api/models/delete deletes them in the list's order.
 */
import { useEffect, useState } from 'react';
import type { ModelsDeletion } from '../../../src/api-models-deletion-types.js';
import type { InstalledModel, ModelListEntry } from '../../../src/api-types.js';
import { messageOf } from '../api/errors.js';
import { formatBytes, plural } from '../format/units.js';
import { useLive } from '../state/live-store.js';
import { bytesDeleteFrees, displayName, placeOf } from '../state/model-entries.js';
import { deleteFailedNotice, modelsDeletedNotice } from '../state/notices.js';
import { ConfirmDialog } from './confirm-dialog.js';

type Deletable = ModelListEntry & { installed: InstalledModel };

export function DeleteModelsDialog({
  entries,
  onClose,
}: {
  /** The models, in the list's order. */
  entries: readonly Deletable[];
  /** `deleted`: the deletion ran (whole or in part): the selection goes, the list is read again. */
  onClose: (deleted: boolean) => void;
}) {
  const { api, dispatch } = useLive();
  const [preview, setPreview] = useState<ModelsDeletion | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const count = plural(entries.length, 'model');
  // Asked once per set: the list's refreshes hand new objects for the same models.
  const setKey = entries.map((entry) => entry.key).join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `setKey` names the set; `entries` is new on every render.
  useEffect(() => {
    let current = true;
    setPreview(null);
    setPreviewError(null);
    api.modelsDeletion(entries.map((entry) => entry.installed)).then(
      (answer) => current && setPreview(answer),
      (error: unknown) => current && setPreviewError(messageOf(error)),
    );
    return () => {
      current = false;
    };
  }, [api, setKey]);

  const confirm = async () => {
    setDeleting(true);
    try {
      const done = await api.deleteModels(entries.map((entry) => entry.installed));
      dispatch({ type: 'toast', notice: modelsDeletedNotice(entries.length, done.freedBytes) });
    } catch (error) {
      dispatch({ type: 'toast', notice: deleteFailedNotice(messageOf(error)) });
    } finally {
      setDeleting(false);
      onClose(true);
    }
  };

  const partOf = (key: string) => preview?.models.find((part) => part.key === key);
  // What they free together beyond the sum of their own Deletes: the blobs they link between them.
  const alone = entries.reduce((sum, entry) => sum + bytesDeleteFrees(entry.installed), 0);
  const together = preview ? preview.freedBytes - alone : 0;
  const unfinished = entries.reduce((sum, entry) => sum + entry.installed.unfinishedFiles, 0);
  return (
    <ConfirmDialog
      title={`Delete ${count}?`}
      confirmLabel={
        deleting
          ? 'Deleting…'
          : preview
            ? `Delete ${count} and free ${formatBytes(preview.freedBytes)}`
            : `Delete ${count}`
      }
      busy={deleting || preview === null}
      onConfirm={() => void confirm()}
      onCancel={() => onClose(false)}
    >
      <p>
        This removes {entries.length === 1 ? 'it' : `these ${entries.length}`}
        {unfinished > 0 ? ` with the partial data of ${plural(unfinished, 'unfinished download')}` : ''}
        {preview ? (
          <>
            {' '}
            and frees <strong className="num">{formatBytes(preview.freedBytes)}</strong> in all.
          </>
        ) : previewError ? (
          '.'
        ) : (
          '; checking what they free…'
        )}
      </p>
      <ul className="dialog__list">
        {entries.map((entry) => {
          const part = partOf(entry.key);
          return (
            <li key={entry.key}>
              <strong>{displayName(entry)}</strong>{' '}
              <span className="muted">({placeOf(entry.installed)})</span>
              {part ? <span className="num"> frees {formatBytes(part.freedBytes)}</span> : null}
              {part && part.sharedBytes > 0 ? (
                <span className="muted"> (keeps {formatBytes(part.sharedBytes)} another repo links too)</span>
              ) : null}
            </li>
          );
        })}
      </ul>
      {together > 0 ? (
        <p>
          {formatBytes(together)} of it are files linked between them: each one's own Delete would keep them
          for the other, together they go.
        </p>
      ) : null}
      {previewError ? (
        <p className="form-error" role="alert">
          {previewError}
        </p>
      ) : null}
    </ConfirmDialog>
  );
}
