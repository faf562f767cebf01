/**
 * The whole live state of the UI as one pure reducer: jobs (jobs-reducer.ts), the latest network figure
 * plus a ten-minute window of samples for the Network page, settings, the feed's mode, the toasts, and the
 * Model Manager's list (which also tells a completed download whose files were deleted since).
 */
import type {
  JobView,
  ModelListEntry,
  NetworkHistory,
  NetworkStats,
  Settings,
} from '../../../src/api-types.js';
import type { VerificationProgress } from '../../../src/api-verify-types.js';
import { sanitizeMessage } from '../api/errors.js';
import {
  type AnnouncedOutcomes,
  notificationOutcome,
  runOf,
  wasAnnounced,
  withAnnounced,
  withoutJob,
  withRunsSeen,
} from './announced-outcomes.js';
import { initialJobsState, isActive, type JobsState, jobsReducer } from './jobs-reducer.js';
import type { FeedMessage, FeedMode } from './live-feed.js';
import { type Notice, transitionNotices } from './notices.js';

export type NetworkSample = NetworkHistory['samples'][number];

export const NETWORK_WINDOW_MS = 10 * 60_000;
export const MAX_TOASTS = 5;

export interface Toast extends Notice {
  id: number;
}

export interface AppState {
  jobs: JobsState;
  network: NetworkStats | null;
  networkSamples: NetworkSample[];
  settings: Settings | null;
  mode: FeedMode;
  toasts: Toast[];
  nextToastId: number;
  /** Notices raised by the last action, for side effects (browser notifications); cleared on read. */
  pendingNotices: Notice[];
  /** The last GET /api/models answer (the Model Manager's list), null until first read. */
  models: ModelListEntry[] | null;
  /** Why the last read of GET /api/models failed; null once one succeeds. */
  modelsError: string | null;
  /** The job outcomes already toasted in this tab: each one is shown once (announced-outcomes.ts). */
  announced: AnnouncedOutcomes;
  /** Each model's latest verification the stream told (running, or its end), by model key (src/model-keys.ts). */
  verifications: Record<string, VerificationProgress>;
}

export const initialAppState: AppState = {
  jobs: initialJobsState,
  network: null,
  networkSamples: [],
  settings: null,
  mode: 'connecting',
  toasts: [],
  nextToastId: 1,
  pendingNotices: [],
  models: null,
  modelsError: null,
  announced: {},
  verifications: {},
};

export type AppAction =
  | FeedMessage
  | { type: 'network-history'; history: NetworkHistory }
  | { type: 'toast'; notice: Notice }
  /**
   * A job as POST /api/downloads answered it, with the toast that says it started. The event stream may
   * have told more already (the job failed or completed before the answer arrived): then the stream's job
   * stays and the toast is dropped, so "Download queued" never follows the "failed" of the same job.
   */
  | { type: 'job-created'; job: JobView; notice: Notice | null }
  | { type: 'dismiss-toast'; id: number }
  | { type: 'notices-delivered' }
  | { type: 'models'; models: ModelListEntry[] }
  | { type: 'models-failed'; message: string };

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'job':
      return {
        ...state,
        jobs: jobsReducer(state.jobs, action),
        announced: withRunsSeen(state.announced, [action.job]),
      };
    case 'job-removed':
      return {
        ...state,
        jobs: jobsReducer(state.jobs, action),
        announced: withoutJob(state.announced, action.id),
      };
    case 'snapshot': {
      const jobs = jobsReducer(state.jobs, action);
      // Completions the list shows and no `notification` told yet: polling, or a stream the feed reopened
      // (nothing is replayed to it). One the stream tells too is toasted once (addToast), even when this
      // list was fetched before the job ended: its run, not the list's order, tells a new outcome.
      const notices = transitionNotices(state.jobs.byId, action.jobs);
      const announced = withRunsSeen(state.announced, action.jobs);
      return notices.reduce(addToast, { ...state, jobs, announced });
    }
    case 'notification': {
      const outcome = action.jobId ? notificationOutcome(action.level) : undefined;
      return addToast(state, {
        level: action.level,
        jobId: action.jobId,
        title: action.title,
        message: action.message,
        // The run it is about, as the server says it; failing that, as the view at hand says it.
        ...(outcome
          ? { outcome, finishedAt: action.finishedAt ?? runOf(state.jobs.byId[action.jobId], outcome) }
          : {}),
      });
    }
    case 'toast':
      return addToast(state, action.notice);
    case 'job-created': {
      const known = state.jobs.byId[action.job.id];
      const jobs = known ? state.jobs : jobsReducer(state.jobs, { type: 'job', job: action.job });
      const next = { ...state, jobs };
      const current = known ?? action.job;
      return action.notice && isActive(current) ? addToast(next, action.notice) : next;
    }
    case 'dismiss-toast':
      return { ...state, toasts: state.toasts.filter((toast) => toast.id !== action.id) };
    case 'notices-delivered':
      return state.pendingNotices.length === 0 ? state : { ...state, pendingNotices: [] };
    case 'network':
      return {
        ...state,
        network: action.stats,
        networkSamples: action.stats.supported
          ? appendSample(state.networkSamples, {
              t: action.stats.t,
              rxBytesPerSecond: action.stats.rxBytesPerSecond,
              txBytesPerSecond: action.stats.txBytesPerSecond,
              hubgetBytesPerSecond: action.stats.hubgetBytesPerSecond,
            })
          : state.networkSamples,
      };
    case 'network-history':
      return { ...state, networkSamples: mergeSamples(action.history.samples, state.networkSamples) };
    case 'settings':
      return { ...state, settings: action.settings };
    case 'mode':
      return { ...state, mode: action.mode };
    case 'models':
      return { ...state, models: action.models, modelsError: null };
    case 'models-failed':
      return { ...state, modelsError: action.message };
    case 'verification':
      return {
        ...state,
        verifications: { ...state.verifications, [action.verification.key]: action.verification },
      };
    case 'verifications-unknown':
      return { ...state, verifications: withoutRunning(state.verifications) };
  }
}

function addToast(state: AppState, notice: Notice): AppState {
  const finishedAt = notice.finishedAt ?? null;
  if (notice.outcome && wasAnnounced(state.announced, notice.jobId, notice.outcome, finishedAt)) return state;
  // Server text is displayed: strip anything that looks like a token or a stack trace.
  const clean: Notice = {
    ...notice,
    title: sanitizeMessage(notice.title),
    message: sanitizeMessage(notice.message),
  };
  const toast: Toast = { ...clean, id: state.nextToastId };
  return {
    ...state,
    toasts: [...state.toasts, toast].slice(-MAX_TOASTS),
    nextToastId: state.nextToastId + 1,
    pendingNotices: [...state.pendingNotices, clean],
    announced: notice.outcome
      ? withAnnounced(state.announced, notice.jobId, notice.outcome, finishedAt)
      : state.announced,
  };
}

/** The verifications that ended (what they found stays shown); the running ones go until the stream tells them again. */
function withoutRunning(verifications: AppState['verifications']): AppState['verifications'] {
  const entries = Object.entries(verifications);
  const ended = entries.filter(([, verification]) => verification.state !== 'running');
  return ended.length === entries.length ? verifications : Object.fromEntries(ended);
}

/** Appends in time order (a late or repeated sample is dropped) and trims to the last NETWORK_WINDOW_MS. */
export function appendSample(samples: NetworkSample[], sample: NetworkSample): NetworkSample[] {
  const last = samples[samples.length - 1];
  if (last && sample.t <= last.t) return samples;
  const cutoff = sample.t - NETWORK_WINDOW_MS;
  const kept = samples[0] && samples[0].t < cutoff ? samples.filter((s) => s.t >= cutoff) : samples;
  return [...kept, sample];
}

/** Seeds the window from the server's history without losing samples that arrived meanwhile. */
export function mergeSamples(history: NetworkSample[], live: NetworkSample[]): NetworkSample[] {
  const byTime = new Map<number, NetworkSample>();
  for (const sample of history) byTime.set(sample.t, sample);
  for (const sample of live) byTime.set(sample.t, sample);
  const merged = [...byTime.values()].sort((a, b) => a.t - b.t);
  const newest = merged[merged.length - 1];
  if (!newest) return [];
  return merged.filter((sample) => sample.t >= newest.t - NETWORK_WINDOW_MS);
}

/** The server answers nothing (LiveFeed mode `offline`): speeds, ETAs and network figures are not live. */
export function serverUnreachable(state: AppState): boolean {
  return state.mode === 'offline';
}
