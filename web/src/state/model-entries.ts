/** Pure helpers for the Model Manager list: live status, display size, filtering. */
import type { JobView, ModelListEntry } from '../../../src/api-types.js';
import { repoIdError } from '../../../src/hub/repo-id.js';
import type { RepoType } from '../../../src/hub/types.js';
import { modelStatus } from '../../../src/model-status.js';

/** The entry with its job replaced by the live one (SSE is fresher than the last GET /api/models). */
export function withLiveJob(entry: ModelListEntry, jobs: Readonly<Record<string, JobView>>): ModelListEntry {
  const live = entry.job ? jobs[entry.job.id] : undefined;
  const job = live ?? entry.job;
  if (!job) return entry;
  // A job that completed since the list was fetched is installed; the reload it triggers confirms it.
  const justCompleted = job.state === 'completed' && entry.job?.state !== 'completed';
  return { ...entry, job, status: modelStatus(job.state, entry.installed !== null || justCompleted) };
}

export function displayName(entry: ModelListEntry): string {
  return entry.catalog?.name || entry.job?.name || repoIdOf(entry);
}

export function repoIdOf(entry: ModelListEntry): string {
  return entry.catalog?.repoId ?? entry.installed?.repoId ?? entry.job?.repoId ?? entry.key;
}

/** Size on disk when installed, the job's total while downloading, else the catalog's estimate. */
export function displaySize(entry: ModelListEntry): number | null {
  if (entry.installed && entry.status === 'installed') return entry.installed.sizeOnDisk;
  if (entry.job && entry.job.total > 0) return entry.job.total;
  return entry.installed?.sizeOnDisk ?? entry.catalog?.approxBytes ?? null;
}

export type StatusFilter = 'all' | 'installed' | 'not-installed' | 'active';

export function filterEntries(
  entries: ModelListEntry[],
  query: string,
  status: StatusFilter,
): ModelListEntry[] {
  const needle = query.trim().toLowerCase();
  return entries.filter((entry) => {
    if (status === 'installed' && entry.status !== 'installed') return false;
    if (status === 'not-installed' && entry.status !== 'not-installed') return false;
    if (status === 'active' && !['queued', 'downloading', 'paused', 'failed'].includes(entry.status))
      return false;
    if (!needle) return true;
    const haystack = [displayName(entry), repoIdOf(entry), entry.catalog?.description ?? '']
      .join(' ')
      .toLowerCase();
    return haystack.includes(needle);
  });
}

/** Splits "a, b\nc" pattern input into a clean list. */
export function parsePatterns(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern.length > 0);
}

/**
 * The server's own repo-id validator (src/hub/repo-id.ts), run before submitting so the form says at once
 * what is wrong. Returns a message or null.
 */
export function repoIdProblem(repoId: string, repoType?: RepoType): string | null {
  if (!repoId.trim()) return 'Enter a repo id such as "org/model-name".';
  return repoIdError(repoId, repoType);
}
