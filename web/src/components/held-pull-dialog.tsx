/**
 * The question a pause or cancel asks when the server refused it because mirror clients are reading the pull
 * (409 IN_USE; the server's rule, docs/mirror.md "Pull-through, once"): stop it anyway (the command again with
 * `force`), or leave it. A job row asks it of its job (job-actions.tsx), a row's Pause all / Cancel all once of
 * every download the server refused (several-downloads.tsx).
 */
import { ConfirmDialog } from './confirm-dialog.js';
import { JOB_COMMAND_LABELS } from './job-command-labels.js';

export type StopCommand = 'pause' | 'cancel';

export function HeldPullDialog({
  command,
  what,
  count,
  keepLabel,
  onForce,
  onKeep,
}: {
  command: StopCommand;
  /** What it stops, in the title: a job's name, or "2 downloads of gguf-demo". */
  what: string;
  /** How many of them clients are reading. */
  count: number;
  /** The safe choice's label: "Keep downloading", or what leaving them means for a bulk action. */
  keepLabel: string;
  onForce: () => void;
  onKeep: () => void;
}) {
  const one = count === 1;
  return (
    <ConfirmDialog
      title={`${JOB_COMMAND_LABELS[command]} ${what} anyway?`}
      confirmLabel={`${JOB_COMMAND_LABELS[command]} anyway`}
      cancelLabel={keepLabel}
      onConfirm={onForce}
      onCancel={onKeep}
    >
      <p>
        Mirror clients are downloading {one ? 'this file' : `these ${count} files`} through the mirror right
        now. Stopping {one ? 'the pull' : 'the pulls'} cuts their downloads where the bytes fetched so far
        end; they resume from there when they ask again (which starts a paused pull again).
      </p>
    </ConfirmDialog>
  );
}
