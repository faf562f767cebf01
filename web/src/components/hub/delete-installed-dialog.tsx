/**
 * The repo page's Delete confirmation, in the words of the copy it deletes: a repo in the HF cache goes with
 * every revision (or one revision goes); a folder under the models dir loses the files its downloads wrote,
 * and goes whole unless other files are in it (DELETE /api/models/local/:folder, docs/api-models.md).
 */
import type { InstalledModel } from '../../../../src/api-types.js';
import { withQuantsLabel } from '../../format/quant-labels.js';
import { formatBytes, plural } from '../../format/units.js';
import { quantOfTarget } from '../../state/delete-installed.js';
import { bytesDeleteFrees, placeOf } from '../../state/model-entries.js';
import { ConfirmDialog } from '../confirm-dialog.js';
import { DeleteQuantDialog } from './delete-quant-dialog.js';

export function DeleteInstalledDialog({
  installed,
  what,
  busy,
  onConfirm,
  onCancel,
}: {
  installed: InstalledModel;
  /** `all`, the commit of the one revision to delete, or one quantization (`quantTarget`). */
  what: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const quant = quantOfTarget(what);
  if (quant !== null) {
    return <DeleteQuantDialog {...{ installed, quant, busy, onConfirm, onCancel }} />;
  }
  const all = what === 'all';
  const quants = installed.quants.length > 0 ? ` ${withQuantsLabel(installed.quants)}` : '';
  const repo = <strong>{installed.repoId}</strong>;
  // The temp files of its unfinished downloads go with the whole copy (and count in what it frees).
  const partialData =
    installed.unfinishedFiles > 0
      ? `, and the partial data of ${plural(installed.unfinishedFiles, 'unfinished download')}`
      : '';
  return (
    <ConfirmDialog
      title={
        all ? `Delete ${installed.repoId} (${placeOf(installed)})?` : `Delete revision ${what.slice(0, 12)}?`
      }
      confirmLabel={
        busy
          ? 'Deleting…'
          : all
            ? `Delete and free ${formatBytes(bytesDeleteFrees(installed))}`
            : 'Delete revision'
      }
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {!all ? (
        <p>
          This removes revision <span className="mono">{what.slice(0, 12)}</span> of {repo}; files other
          revisions also use stay.
        </p>
      ) : installed.location === 'local' ? (
        <p>
          This removes the folder <strong>{installed.localFolder}</strong> with {repo}
          {quants}: the files its downloads wrote{partialData}. A file no download wrote stays, and the folder
          with it.
        </p>
      ) : (
        <p>
          This removes every installed revision of {repo}
          {quants} from the HF cache{partialData}.
          {installed.sharedBytes
            ? ` ${formatBytes(installed.sharedBytes)} of its files stay: another repo’s folder links the same files.`
            : ''}
        </p>
      )}
      <p className="mono dialog__path">{installed.path}</p>
    </ConfirmDialog>
  );
}
