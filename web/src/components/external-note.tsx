/**
 * What an external download is, wherever one is shown: another program's download (huggingface_hub,
 * `hf download`, `hubget download` in a terminal, …) into the folders hubget manages, which hubget only watches through its temp files
 * (docs/external-downloads.md): no plan, no file count, no pause, cancel or limit.
 */
import type { JobView } from '../../../src/api-types.js';
import { jobsWaitingOn } from '../../../src/jobs/waited-downloads.js';
import { useLive } from '../state/live-store.js';
import { InfoIcon } from './icons.js';
import './external-note.css';

const WATCHED_ONLY = 'hubget only watches its temp files: it cannot pause, cancel or limit it.';
const EXTERNAL_EXPLANATION = `Another program’s download (huggingface_hub, hf download, hubget download in a terminal, …) into these folders. ${WATCHED_ONLY}`;

/** The "external" chip beside the state of another program's download; nothing for hubget's own jobs. */
export function ExternalTag({ job }: { job: Pick<JobView, 'kind'> }) {
  if (job.kind !== 'external') return null;
  return (
    <span className="chip chip--neutral" title={EXTERNAL_EXPLANATION}>
      external
    </span>
  );
}

/**
 * What ends a stalled external download's entry: it lasts as long as its temp files do, and a program that
 * stopped (killed, crashed; huggingface_hub ≥ 1.18 never cleans up) leaves them for ever, and the Model
 * Manager's row shows it as on its way, with no Download. A download of the repo by hubget into the same
 * place finishes the files and the entry goes (the watcher skips a temp file whose file is in place);
 * without a repo id there is nothing to download, only the files to delete (`*.incomplete`, or a hub cache's `tmp…`).
 */
export function stalledExternalHint(job: Pick<JobView, 'repoId' | 'resultPath'>): string {
  const start = 'If that program has stopped, this stays as long as its temp files do:';
  if (job.repoId !== '') {
    return `${start} download ${job.repoId} with hubget into the same place (Models → Download from the Hub) to finish it, and it goes.`;
  }
  const where = job.resultPath ? ` under ${job.resultPath}` : '';
  // tmp…: huggingface_hub 0.8–0.22's temp files directly in a hub cache (docs/external-downloads.md).
  return `${start} delete them (*.incomplete or tmp…${where}) to clear it.`;
}

/**
 * What an external download is when hubget in another process runs it (`hubgetRuns`), and which of hubget's jobs
 * wait for its files (`jobsWaitingOn`, src/jobs/waited-downloads.ts), in place of the explanation that lists other
 * programs: `A hubget download in another process (pid 4242) into these folders; the job “small” waits for its
 * files. hubget only watches …`. Null for another program's download.
 */
export function hubgetRunText(
  job: Pick<JobView, 'hubgetRuns'>,
  waiting: readonly Pick<JobView, 'name'>[],
): string | null {
  if (job.hubgetRuns.length === 0) return null;
  const runs = `A hubget download in another process (${job.hubgetRuns.join(', ')}) into these folders`;
  const names = waiting.map((other) => `“${other.name}”`).join(', ');
  const waits =
    waiting.length === 0
      ? ''
      : `; ${waiting.length === 1 ? 'the job' : 'the jobs'} ${names} ${waiting.length === 1 ? 'waits' : 'wait'} for its files`;
  return `${runs}${waits}. ${WATCHED_ONLY}`;
}

/**
 * The line under an external download's bar that says what it is (and who runs it, when hubget in another process),
 * and once stalled, what ends it.
 */
export function ExternalNote({ job }: { job: JobView }) {
  const { state } = useLive();
  if (job.kind !== 'external') return null;
  const what = hubgetRunText(job, jobsWaitingOn(job, Object.values(state.jobs.byId))) ?? EXTERNAL_EXPLANATION;
  return (
    <p className="job-row__note">
      <InfoIcon />
      {job.stalled ? `${what} ${stalledExternalHint(job)}` : what}
    </p>
  );
}
