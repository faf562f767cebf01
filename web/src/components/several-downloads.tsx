/**
 * A Model Manager row with several downloads on their way (one per GGUF quantization): a line for each
 * (name, bar, bytes, state; the panel's warning under one that receives nothing), and buttons that act on all of them, each saying how many it acts on.
 */
import { useState } from 'react';
import type { JobView } from '../../../src/api-types.js';
import { jobBytesLabel, jobStateLabel } from '../format/job-labels.js';
import { jobQuant } from '../format/quant-labels.js';
import { serverUnreachable } from '../state/app-reducer.js';
import { compareJobs } from '../state/jobs-reducer.js';
import { useLive } from '../state/live-store.js';
import { type CommandForAll, commandsForAll } from '../state/model-entries.js';
import { useCancelConfirm } from './cancel-confirm.js';
import { SERVER_UNREACHABLE_TITLE } from './connection-banner.js';
import { HeldPullDialog, type StopCommand } from './held-pull-dialog.js';
import { JOB_COMMAND_LABELS } from './job-command-labels.js';
import { barState } from './job-progress.js';
import { ProgressBar } from './progress-bar.js';
import { StallWarning } from './stall-warning.js';

/** The lines in the panel's and the Downloads page's order: running, paused, then the queue in its order. */
export function SeveralDownloads({ jobs }: { jobs: readonly JobView[] }) {
  return (
    <ul className="model__downloads">
      {[...jobs].sort(compareJobs).map((job) => (
        <li key={job.id}>
          <div className="model__progress">
            <span className="model__download-name" title={job.name}>
              {/* The row names the repo: a line needs only what tells it apart, its quantization when it has one. */}
              {jobQuant(job) ?? job.name}
            </span>
            <ProgressBar percent={job.percent} label={job.name} state={barState(job)} />
            <span className="num">{jobBytesLabel(job)}</span>
            <span>{jobStateLabel(job)}</span>
          </div>
          {/* One that receives nothing: the panel's warning line under it. */}
          <StallWarning job={job} />
        </li>
      ))}
    </ul>
  );
}

/** What a row's command acts on, in its name and its dialogs: "the download of x", "3 downloads of x". */
function downloadsOf(count: number, name: string): string {
  return `${count === 1 ? 'the download' : `${count} downloads`} of ${name}`;
}

/**
 * "Pause all" / "Resume all" / "Cancel all", named for what they act on ("Cancel 3 downloads of gguf-demo"). The
 * downloads the server refuses to pause or cancel because mirror clients are reading them (409 IN_USE) are asked
 * about once, when the others are done, as a job row asks of one (held-pull-dialog.tsx): stopped anyway (`force`),
 * or skipped, with a toast that says how many.
 */
export function SeveralDownloadsActions({ name, jobs }: { name: string; jobs: readonly JobView[] }) {
  const { runJobCommand, state, dispatch } = useLive();
  const [busy, setBusy] = useState(false);
  const [held, setHeld] = useState<{ command: StopCommand; jobs: JobView[] } | null>(null);
  const offline = serverUnreachable(state);
  const { confirmCancel, dialog } = useCancelConfirm(jobs);
  const run = async (command: CommandForAll, targets: readonly JobView[], force = false) => {
    setBusy(true);
    const refused: JobView[] = [];
    try {
      for (const job of targets) {
        const onHeld = command === 'resume' || force ? undefined : () => refused.push(job);
        await runJobCommand(command, job, { force, ...(onHeld ? { onHeld } : {}) });
      }
    } finally {
      setBusy(false);
    }
    if (command !== 'resume' && refused.length > 0) setHeld({ command, jobs: refused });
  };
  const skip = ({ command, jobs: skipped }: { command: StopCommand; jobs: JobView[] }) => {
    setHeld(null);
    const done = command === 'pause' ? 'paused' : 'cancelled';
    dispatch({
      type: 'toast',
      notice: {
        level: 'info',
        jobId: '',
        title: `Skipped ${downloadsOf(skipped.length, name)}`,
        message: `Mirror clients are reading ${skipped.length === 1 ? 'it' : 'them'}: not ${done}.`,
      },
    });
  };
  return (
    <div className="job-actions">
      {commandsForAll(jobs).map(({ command, jobs: targets }) => {
        const what = downloadsOf(targets.length, name);
        return (
          <button
            key={command}
            type="button"
            className={`button button--small${command === 'cancel' ? ' button--danger-quiet' : ''}`}
            aria-label={`${JOB_COMMAND_LABELS[command]} ${what}`}
            disabled={busy || offline}
            title={offline ? SERVER_UNREACHABLE_TITLE : undefined}
            onClick={() =>
              command === 'cancel'
                ? confirmCancel(what, targets, () => void run(command, targets))
                : void run(command, targets)
            }
          >
            {targets.length === jobs.length
              ? `${JOB_COMMAND_LABELS[command]} all`
              : `${JOB_COMMAND_LABELS[command]} ${targets.length}`}
          </button>
        );
      })}
      {dialog}
      {held === null ? null : (
        <HeldPullDialog
          command={held.command}
          what={downloadsOf(held.jobs.length, name)}
          count={held.jobs.length}
          keepLabel={`Skip ${held.jobs.length === 1 ? 'it' : 'them'}`}
          onForce={() => {
            setHeld(null);
            void run(held.command, held.jobs, true);
          }}
          onKeep={() => skip(held)}
        />
      )}
    </div>
  );
}
