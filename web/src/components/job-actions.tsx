/**
 * Pause / Resume / Cancel / Retry / Remove from history buttons for one job; each accessible name includes the
 * job. A pause or cancel the server refuses because mirror clients are reading the pull (409 IN_USE) asks whether
 * to stop it anyway (`force`, docs/mirror.md "Pull-through, once"): their downloads are cut, and they resume.
 */
import { useState } from 'react';
import type { JobView } from '../../../src/api-types.js';
import { jobCommands } from '../format/job-labels.js';
import { serverUnreachable } from '../state/app-reducer.js';
import { type JobCommand, useLive } from '../state/live-store.js';
import { useCancelConfirm } from './cancel-confirm.js';
import { SERVER_UNREACHABLE_TITLE } from './connection-banner.js';
import { HeldPullDialog, type StopCommand } from './held-pull-dialog.js';
import { JOB_COMMAND_LABELS } from './job-command-labels.js';

/**
 * What Remove does, on hover: it forgets the download and touches no file. True of every finished job: a
 * cancelled one may have kept nothing on disk, and a Downloads row has no Delete beside it.
 */
export const REMOVE_FROM_HISTORY_TITLE =
  'Forgets this download (the Downloads history’s row); deletes no file.';

/** A command's accessible name for one job: `Pause chat-7b`, `Remove chat-7b from history`. */
function commandName(command: JobCommand, name: string): string {
  return command === 'remove' ? `Remove ${name} from history` : `${JOB_COMMAND_LABELS[command]} ${name}`;
}

/**
 * `onDismiss`, when given, replaces Remove with a local Dismiss (the bottom-right panel hides a finished
 * job without deleting it from the server's history).
 */
export function JobActions({
  job,
  compact = false,
  onDismiss,
  onRun,
}: {
  job: JobView;
  compact?: boolean;
  onDismiss?: (id: string) => void;
  /** Told of each command as it starts, with whether it worked once it has (the History's focus follows Remove). */
  onRun?: (command: JobCommand, worked: Promise<boolean>) => void;
}) {
  const { runJobCommand, state } = useLive();
  // A command needs the server; off until it answers again (a Dismiss is local and stays).
  const offline = serverUnreachable(state);
  const [busy, setBusy] = useState<JobCommand | null>(null);
  /** A pause or cancel refused while mirror clients read the pull: asked whether to force it. */
  const [held, setHeld] = useState<StopCommand | null>(null);
  const { confirmCancel, dialog } = useCancelConfirm([job]);
  const commands = jobCommands(job).filter((command) => !(onDismiss && command === 'remove'));
  const dismissable = onDismiss !== undefined && jobCommands(job).includes('remove');
  if (commands.length === 0 && !dismissable) return null;
  const run = async (command: JobCommand, force = false) => {
    setBusy(command);
    try {
      const onHeld = command === 'pause' || command === 'cancel' ? () => setHeld(command) : undefined;
      const worked = runJobCommand(command, job, { force, ...(onHeld ? { onHeld } : {}) });
      onRun?.(command, worked);
      await worked;
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className={compact ? 'job-actions job-actions--compact' : 'job-actions'}>
      {commands.map((command) => (
        <button
          key={command}
          type="button"
          className={`button button--small${command === 'cancel' ? ' button--danger-quiet' : ''}`}
          aria-label={commandName(command, job.name)}
          data-command={command}
          disabled={busy !== null || offline}
          title={
            offline ? SERVER_UNREACHABLE_TITLE : command === 'remove' ? REMOVE_FROM_HISTORY_TITLE : undefined
          }
          onClick={() =>
            command === 'cancel' ? confirmCancel(job.name, [job], () => void run(command)) : void run(command)
          }
        >
          {JOB_COMMAND_LABELS[command]}
        </button>
      ))}
      {dismissable ? (
        <button
          type="button"
          className="button button--small button--quiet"
          aria-label={`Dismiss ${job.name}`}
          onClick={() => onDismiss?.(job.id)}
        >
          Dismiss
        </button>
      ) : null}
      {dialog}
      {held === null ? null : (
        <HeldPullDialog
          command={held}
          what={job.name}
          count={1}
          keepLabel="Keep downloading"
          onForce={() => {
            setHeld(null);
            void run(held, true);
          }}
          onKeep={() => setHeld(null)}
        />
      )}
    </div>
  );
}
