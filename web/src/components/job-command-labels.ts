/** A job command's button text: a job row's buttons, a Models row's buttons for several downloads, their dialogs. */
import type { JobCommand } from '../state/live-store.js';

export const JOB_COMMAND_LABELS: Record<JobCommand, string> = {
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
  retry: 'Retry',
  // Beside a model's Delete (a Partial row: Retry | Remove from history | Delete): says it is not that.
  remove: 'Remove from history',
};
