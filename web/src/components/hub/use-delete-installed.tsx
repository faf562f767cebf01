/**
 * Delete of an installed copy from its page (the repo page, a folder's page): the confirmation asked for (`all`, a
 * revision's commit, a quantization: delete-installed.ts), the deletion, its toast, the Models list read again, and
 * then the page's own `onDeleted`. The dialog is DeleteInstalledDialog, shown while a deletion is asked.
 */
import { useState } from 'react';
import type { InstalledModel } from '../../../../src/api-types.js';
import { messageOf } from '../../api/errors.js';
import { deleteInstalled } from '../../state/delete-installed.js';
import { useLive } from '../../state/live-store.js';
import { deletedNotice, deleteFailedNotice } from '../../state/notices.js';
import { DeleteInstalledDialog } from './delete-installed-dialog.js';

export function useDeleteInstalled(onDeleted: () => void) {
  const { api, dispatch, refreshModels } = useLive();
  const [asked, setAsked] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = async (installed: InstalledModel) => {
    if (asked === null) return;
    setBusy(true);
    try {
      const result = await deleteInstalled(api, installed, asked);
      dispatch({ type: 'toast', notice: deletedNotice(result.name, result.freedBytes, result.quantization) });
      setAsked(null);
      void refreshModels();
      onDeleted();
    } catch (failure) {
      dispatch({ type: 'toast', notice: deleteFailedNotice(messageOf(failure)) });
    } finally {
      setBusy(false);
    }
  };
  /** The confirmation of deleting what was asked of `installed`; null while nothing is asked. */
  const dialogFor = (installed: InstalledModel | null) =>
    asked !== null && installed ? (
      <DeleteInstalledDialog
        installed={installed}
        what={asked}
        busy={busy}
        onConfirm={() => void remove(installed)}
        onCancel={() => setAsked(null)}
      />
    ) : null;
  /** `ask`: what the Installed card's Delete names (InstalledRevisions' `onDelete`). */
  return { ask: setAsked, busy, dialogFor };
}
