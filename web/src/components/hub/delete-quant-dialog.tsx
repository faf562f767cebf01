/**
 * The confirmation of one quantization's Delete (the Installed card): it asks the server what goes and what that
 * frees (GET /api/models/…/quants/:quant, or /api/models/local/:folder/quants/:quant for a folder: the rule
 * `hubget rm org/x:Q8_0` follows, with `--local-dir` for a folder) and names it: the files,
 * every part of a split one, the bytes freed, and the quantizations that stay.
 */
import { useEffect, useState } from 'react';
import type { QuantDeletion } from '../../../../src/api-quant-types.js';
import type { InstalledModel } from '../../../../src/api-types.js';
import { messageOf } from '../../api/errors.js';
import { quantListLabel } from '../../format/quant-labels.js';
import { formatBytes, plural } from '../../format/units.js';
import { useLive } from '../../state/live-store.js';
import { placeOf } from '../../state/model-entries.js';
import { ConfirmDialog } from '../confirm-dialog.js';

export function DeleteQuantDialog({
  installed,
  quant,
  busy,
  onConfirm,
  onCancel,
}: {
  installed: InstalledModel;
  quant: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { api } = useLive();
  const [plan, setPlan] = useState<QuantDeletion | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.quantDeletion(installed, quant).then(
      (answer) => live && setPlan(answer),
      (failure: unknown) => live && setError(messageOf(failure)),
    );
    return () => {
      live = false;
    };
  }, [api, installed, quant]);
  return (
    <ConfirmDialog
      title={`Delete ${quant} of ${installed.repoId}?`}
      confirmLabel={
        busy
          ? 'Deleting…'
          : plan
            ? `Delete ${quant} and free ${formatBytes(plan.freedBytes)}`
            : `Delete ${quant}`
      }
      busy={busy || (plan === null && error === null)}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {error ? (
        <p className="callout callout--warning">{error}</p>
      ) : plan ? (
        <>
          <p>
            This removes the quantization {plan.quant} of <strong>{installed.repoId}</strong> from the{' '}
            {placeOf(installed)}: {plural(plan.files.length, 'file')}
            {installed.location === 'cache'
              ? ', and the data no other file uses'
              : ', with their download records'}
            . The shared files (README, config, tokenizer, projector) stay
            {plan.remaining.length > 0
              ? `, and so ${plan.remaining.length === 1 ? 'does' : 'do'} ${quantListLabel(plan.remaining)}`
              : ''}
            .
          </p>
          <ul className="mono dialog__path">
            {plan.files.map((file) => (
              <li key={file}>{file}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">Reading what it frees…</p>
      )}
    </ConfirmDialog>
  );
}
