/**
 * When a finished download is no live outcome any more. A failed one: a later attempt of the same download
 * (`jobKey`: revision, destination — the HF cache or a folder —, include and exclude) replaced it, or a later
 * completed download of the same place (`jobPlaceKey`) fetched every file of it (`supersedes`: the whole repo into
 * the folder a quantization failed to fill). A completed one: a later completed download of the same place fetched
 * every file of it too (`supersedes`: the same quantization downloaded again after the model was deleted), so the
 * newer completion stands for both. The repo page lists a repo's failed downloads by this rule (repo-downloads.ts),
 * and the download panel its finished ones (`panelJobs`, jobs-reducer.ts); the Downloads page's History keeps every one.
 */
import type { JobView } from '../../../src/api-types.js';
import { pathFilter } from '../../../src/hub/patterns.js';
import { jobKey, jobPlaceKey } from '../../../src/jobs/job-key.js';
import { byLatestAttempt } from '../../../src/jobs/latest-job.js';

/** The repo's files at one revision (the page's), to tell which files a job's patterns keep. */
export interface RevisionFiles {
  revision: string;
  files: readonly { path: string }[];
}

/**
 * Whether `done`, a completed download, replaces `older`, a failed or completed one: the same place
 * (`jobPlaceKey`), ended after it, and it kept every file `older` keeps: the same patterns, or none (the whole
 * repo), or, for other patterns, as the repo's listing at their revision tells (`listing`, when it is theirs and
 * `older` keeps any of it).
 */
export function supersedes(done: JobView, older: JobView, listing: RevisionFiles | null): boolean {
  if (done.state !== 'completed' || (older.state !== 'failed' && older.state !== 'completed')) return false;
  if (jobPlaceKey(done) !== jobPlaceKey(older)) return false;
  if (byLatestAttempt(done, older) >= 0) return false;
  if (done.include.length === 0 && done.exclude.length === 0) return true;
  if (jobKey(done) === jobKey(older)) return true;
  if (listing === null || listing.revision !== older.revision) return false;
  const olderKeeps = pathFilter(older.include, older.exclude);
  const doneKeeps = pathFilter(done.include, done.exclude);
  const wanted = listing.files.filter((file) => olderKeeps(file.path));
  return wanted.length > 0 && wanted.every((file) => doneKeeps(file.path));
}

/**
 * Whether `finished`, a failed or completed download, is replaced among `jobs` (any jobs: only downloads count,
 * and only those of its repo can share its keys). A failed one by a later attempt of the same download, whatever
 * its state, or by a completed download that `supersedes` it; a completed one only by a completed download that
 * `supersedes` it (a later attempt still running has not fetched anything yet). `listing`: the repo's files at its
 * revision when known (the repo page), else null (the panel: then only the same files, or the whole repo, into
 * the same place replace it).
 */
export function replacedDownload(
  finished: JobView,
  jobs: readonly JobView[],
  listing: RevisionFiles | null = null,
): boolean {
  if (finished.kind !== 'download' || (finished.state !== 'failed' && finished.state !== 'completed')) {
    return false;
  }
  const key = jobKey(finished);
  return jobs.some(
    (other) =>
      other.kind === 'download' &&
      other.id !== finished.id &&
      ((finished.state === 'failed' && jobKey(other) === key && byLatestAttempt(other, finished) < 0) ||
        supersedes(other, finished, listing)),
  );
}
