/**
 * Which download a job is, for duplicate detection: a new request joins the active job of the same key
 * (job-entries.ts), and the web UI's repo page lists each download's latest attempt by it
 * (web/src/state/repo-downloads.ts). Pure: no Node module, so the web UI imports it too.
 */
import type { StoredJob } from '../store/types.js';

/** Same repo, type, revision, destination, include and exclude (order-insensitive) = the same download. */
export function jobKey(
  parts: Pick<StoredJob, 'repoId' | 'repoType' | 'revision' | 'include' | 'exclude' | 'localDir'>,
): string {
  return JSON.stringify([
    parts.repoId,
    parts.repoType,
    parts.revision,
    parts.localDir ?? 'cache',
    [...parts.include].sort(),
    [...parts.exclude].sort(),
  ]);
}
