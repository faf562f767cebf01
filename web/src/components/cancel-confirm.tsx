/**
 * Cancelling a download deletes its unfinished files and what was fetched of them (finished files stay,
 * docs/jobs.md): so it is asked first when a job has bytes on disk and is not complete. Pause keeps them,
 * and the dialog says so; asked of paused downloads only, its safe choice is "Keep paused", not "Keep
 * downloading", which they are not doing. A job with nothing on disk yet (queued, listing) is cancelled at once.
 */
import { type ReactNode, useState } from 'react';
import type { JobView } from '../../../src/api-types.js';
import { formatBytes } from '../format/units.js';
import { ConfirmDialog } from './confirm-dialog.js';

interface Pending {
  what: string;
  /** The jobs asked about: their bytes on disk are read live while the dialog is open (a download goes on). */
  ids: ReadonlySet<string>;
  run: () => void;
}

/** Bytes a cancel may delete with the unfinished files: on disk, for a job not complete yet. */
export function bytesAtStake(jobs: readonly JobView[]): number {
  let bytes = 0;
  for (const job of jobs) if (job.downloaded > 0 && job.downloaded < job.total) bytes += job.downloaded;
  return bytes;
}

/**
 * `confirmCancel(what, jobs, run)` runs the cancel at once when nothing is at stake, else after the user
 * confirms in `dialog` (render it beside the buttons). `live`: the caller's current views of those jobs, so
 * the figure the dialog gives follows the download while it stays open.
 */
export function useCancelConfirm(live: readonly JobView[]): {
  confirmCancel: (what: string, jobs: readonly JobView[], run: () => void) => void;
  dialog: ReactNode;
} {
  const [pending, setPending] = useState<Pending | null>(null);
  const confirmCancel = (what: string, jobs: readonly JobView[], run: () => void) => {
    if (bytesAtStake(jobs) === 0) run();
    else setPending({ what, ids: new Set(jobs.map((job) => job.id)), run });
  };
  const asked = pending === null ? [] : live.filter((job) => pending.ids.has(job.id));
  const onDisk = bytesAtStake(asked);
  const paused = asked.length > 0 && asked.every((job) => job.state === 'paused');
  const dialog =
    pending === null ? null : (
      <ConfirmDialog
        title={`Cancel ${pending.what}?`}
        confirmLabel="Cancel and delete"
        cancelLabel={paused ? 'Keep paused' : 'Keep downloading'}
        onConfirm={() => {
          setPending(null);
          pending.run();
        }}
        onCancel={() => setPending(null)}
      >
        <p>
          {formatBytes(onDisk)} are on disk. Cancelling deletes the files not finished yet, with what was
          fetched of them; finished files stay.{' '}
          {paused
            ? 'Paused, it keeps everything, to resume later.'
            : 'Pause keeps everything, to resume later.'}
        </p>
      </ConfirmDialog>
    );
  return { confirmCancel, dialog };
}
