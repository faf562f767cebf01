/**
 * Which download a job is, for duplicate detection: a new request joins the active job of the same key
 * (job-entries.ts), and the web UI's repo page and download panel list each download's latest failed attempt by
 * it (web/src/state/replaced-download.ts). Pure: no Node module, so the web UI imports it too.
 */
import type { StoredJob } from '../store/types.js';

type KeyParts = Pick<StoredJob, 'repoId' | 'repoType' | 'revision' | 'include' | 'exclude' | 'localDir'>;

/**
 * Where a download puts which revision of which repo, whatever files its patterns keep: same repo, type,
 * revision and destination (the HF cache or one folder). The repo page asks whether a completed download of the
 * same place fetched every file of a failed one (web/src/state/replaced-download.ts, `supersedes`), and so does the
 * download panel, of a failed or an earlier completed one.
 */
export function jobPlaceKey(parts: Omit<KeyParts, 'include' | 'exclude'>): string {
  return JSON.stringify([parts.repoId, parts.repoType, parts.revision, parts.localDir ?? 'cache']);
}

/** Same place (`jobPlaceKey`), include and exclude (order-insensitive) = the same download. */
export function jobKey(parts: KeyParts): string {
  return JSON.stringify([jobPlaceKey(parts), [...parts.include].sort(), [...parts.exclude].sort()]);
}
