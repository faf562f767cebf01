/**
 * The Model Manager status of a model, from its latest job and what is on disk. One rule for the server
 * (GET /api/models) and the web UI (live updates between two fetches of that list). No imports at run
 * time, so web/ can import it directly. docs/api-models.md ("Model status") explains it.
 */
import type { ApiRepoType, InstalledModel, JobState } from './api-types.js';

export const MODEL_STATUSES = [
  'not-installed',
  'queued',
  'downloading',
  'paused',
  'installed',
  'partial',
  'failed',
] as const;

export type ModelStatus = (typeof MODEL_STATUSES)[number];

/**
 * What is on disk: nothing; something known to lack files (hubget's latest plan of it is not all there, or
 * unfinished temp files lie beside it); or something nothing shows to be incomplete.
 */
export type DiskState = 'none' | 'partial' | 'complete';

export function diskState(installed: Pick<InstalledModel, 'unfinishedFiles' | 'plan'> | null): DiskState {
  if (installed === null) return 'none';
  const lacksPlannedFiles = (installed.plan?.missingFiles ?? 0) > 0;
  return lacksPlannedFiles || installed.unfinishedFiles > 0 ? 'partial' : 'complete';
}

/** The active states, the one that speaks for several jobs first (the Models row's words follow it too). */
export const ACTIVE_STATE_ORDER = ['running', 'paused', 'queued'] as const;

/**
 * The state that speaks for several active jobs of one model: running before paused before queued, so a
 * model with one download going on and two waiting reads as downloading. undefined when there is none.
 */
function leadingActiveState(states: readonly JobState[]): JobState | undefined {
  for (const state of ACTIVE_STATE_ORDER) if (states.includes(state)) return state;
  return undefined;
}

/**
 * The job a model's row speaks of while it has several active ones (its figures, its single-download
 * buttons): the first in the given order whose state leads (leadingActiveState). undefined when none is.
 */
export function leadingJob<T extends { state: JobState }>(jobs: readonly T[]): T | undefined {
  const lead = leadingActiveState(jobs.map((job) => job.state));
  return lead === undefined ? undefined : jobs.find((job) => job.state === lead);
}

export function modelStatus(jobState: JobState | undefined, disk: DiskState): ModelStatus {
  switch (jobState) {
    case 'queued':
      return 'queued';
    case 'running':
      return 'downloading';
    case 'paused':
      return 'paused';
    // The latest attempt failed: show it (with Retry) while the model is not all there. A failed attempt
    // at a model that is (e.g. include patterns that match nothing) leaves it installed; the attempt stays
    // in the downloads history.
    case 'failed':
      return disk === 'complete' ? 'installed' : 'failed';
    // completed, cancelled, or no job: what is on disk decides (files may have been deleted since).
    default:
      return disk === 'complete' ? 'installed' : disk === 'partial' ? 'partial' : 'not-installed';
  }
}

/**
 * A repo's installed copy, as the model page shows it: in the HF cache first, else a local-dir download
 * that names it; null when none is. The server's repo page and, while the Hub does not answer, the web
 * UI's page from GET /api/models both take it from here.
 */
export function installedCopy<T extends Pick<InstalledModel, 'repoType' | 'repoId' | 'location'>>(
  models: readonly T[],
  repoType: ApiRepoType,
  repoId: string,
): T | null {
  const matches = models.filter((m) => m.repoType === repoType && m.repoId === repoId);
  return matches.find((m) => m.location === 'cache') ?? matches[0] ?? null;
}
