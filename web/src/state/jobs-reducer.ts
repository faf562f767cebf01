/**
 * The jobs the UI knows about, kept from the server's `job` / `job-removed` events (api-types.ts
 * ServerEvent) or from a polled list when the event stream is down. Pure: no I/O, no clock reads.
 */
import type { JobState, JobView } from '../../../src/api-types.js';
import { isMirrorPull } from '../../../src/mirror-pull.js';
import { jobVerifying } from '../format/job-labels.js';
import { replacedDownload } from './replaced-download.js';

export interface JobsState {
  byId: Readonly<Record<string, JobView>>;
}

export type JobsAction =
  | { type: 'job'; job: JobView }
  | { type: 'job-removed'; id: string }
  /** A full list (GET /api/downloads): replaces everything, dropping jobs the server no longer has. */
  | { type: 'snapshot'; jobs: JobView[] };

export const initialJobsState: JobsState = { byId: {} };

export function jobsReducer(state: JobsState, action: JobsAction): JobsState {
  switch (action.type) {
    case 'job': {
      const previous = state.byId[action.job.id];
      if (previous && sameJob(previous, action.job)) return state;
      return { byId: { ...state.byId, [action.job.id]: action.job } };
    }
    case 'job-removed': {
      if (!(action.id in state.byId)) return state;
      const { [action.id]: _removed, ...rest } = state.byId;
      return { byId: rest };
    }
    case 'snapshot': {
      const byId: Record<string, JobView> = {};
      for (const job of action.jobs) byId[job.id] = job;
      return { byId };
    }
  }
}

/** Cheap structural equality: jobs are flat apart from small arrays and the error object. */
function sameJob(a: JobView, b: JobView): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export const ACTIVE_STATES: ReadonlySet<JobState> = new Set(['queued', 'running', 'paused']);
export const FINISHED_STATES: ReadonlySet<JobState> = new Set(['completed', 'failed', 'cancelled']);

export function isActive(job: JobView): boolean {
  return ACTIVE_STATES.has(job.state);
}

const STATE_ORDER: Record<JobState, number> = {
  running: 0,
  paused: 1,
  queued: 2,
  failed: 3,
  completed: 4,
  cancelled: 5,
};

/** Running first, then paused, then the queue in queue order, then finished jobs newest first. */
export function compareJobs(a: JobView, b: JobView): number {
  const byState = STATE_ORDER[a.state] - STATE_ORDER[b.state];
  if (byState !== 0) {
    if (isActive(a) || isActive(b)) return byState;
    // Both finished: newest first regardless of outcome.
    return (b.finishedAt ?? b.createdAt).localeCompare(a.finishedAt ?? a.createdAt);
  }
  if (a.state === 'queued') return (a.queuePosition ?? 0) - (b.queuePosition ?? 0);
  if (!isActive(a)) return (b.finishedAt ?? b.createdAt).localeCompare(a.finishedAt ?? a.createdAt);
  return a.createdAt.localeCompare(b.createdAt);
}

export function sortedJobs(state: JobsState): JobView[] {
  return Object.values(state.byId).sort(compareJobs);
}

/** Download jobs waiting in the queue, in queue order. */
export function queuedJobs(state: JobsState): JobView[] {
  return Object.values(state.byId)
    .filter((job) => job.state === 'queued')
    .sort((a, b) => (a.queuePosition ?? 0) - (b.queuePosition ?? 0));
}

export function finishedJobs(state: JobsState): JobView[] {
  return Object.values(state.byId)
    .filter((job) => FINISHED_STATES.has(job.state))
    .sort(compareJobs);
}

/** How long a finished job stays in the bottom-right panel. */
export const RECENT_WINDOW_MS = 15 * 60_000;

/**
 * The panel's rows: every active job, plus finished ones from the last RECENT_WINDOW_MS (not dismissed). A mirror
 * pull that completed is not kept there (a LAN client's file, nothing for the user to dismiss: one client's 30-file
 * snapshot left 30 rows); a failed one is. A failed download that a later attempt or a later completed download of
 * the same place replaced is no live failure (the repo page's rule), and a completed one that a later completed
 * download of the same place replaced (the same quantization downloaded again after a delete) is not shown twice:
 * replaced-download.ts. The Downloads page's History lists them all.
 */
export function panelJobs(state: JobsState, nowMs: number, dismissed: ReadonlySet<string>): JobView[] {
  const jobs = sortedJobs(state);
  return jobs.filter((job) => {
    if (isActive(job)) return true;
    if (dismissed.has(job.id) || (job.state === 'completed' && isMirrorPull(job))) return false;
    const finishedMs = Date.parse(job.finishedAt ?? job.createdAt);
    if (!Number.isFinite(finishedMs) || nowMs - finishedMs > RECENT_WINDOW_MS) return false;
    // Last: it reads every job, for the few recent failures only.
    return !replacedDownload(job, jobs);
  });
}

/** hubget's own total speed: the engine's per-job speeds summed over running jobs. */
/** hubget's own download speed: running jobs that still receive (a verifying job's last speed is stale). */
export function totalSpeed(state: JobsState): number {
  let sum = 0;
  for (const job of Object.values(state.byId)) {
    if (job.state === 'running' && !jobVerifying(job) && Number.isFinite(job.speed)) sum += job.speed;
  }
  return sum;
}
