/**
 * When a failed download is no live failure any more: a later attempt of the same download (`jobKey`: revision,
 * destination — the HF cache or a folder —, include and exclude) replaced it, or a later completed download of the
 * same place (`jobPlaceKey`) fetched every file of it (`supersedes`: the whole repo into the folder a quantization
 * failed to fill). The repo page lists a repo's failed downloads by this rule (repo-downloads.ts), and so does the
 * download panel (`panelJobs`, jobs-reducer.ts); the Downloads page's History keeps every one.
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
 * Whether `done`, a completed download, replaces the failed one: the same place (`jobPlaceKey`), ended after it
 * failed, and it kept every file the failed one keeps. Which files those are is told by the repo's listing at
 * their revision (`listing`, when it is theirs and the failed one keeps any of it); without it only a download
 * of every file (no include, no exclude) is known to hold them.
 */
export function supersedes(done: JobView, failed: JobView, listing: RevisionFiles | null): boolean {
  if (done.state !== 'completed' || failed.state !== 'failed') return false;
  if (jobPlaceKey(done) !== jobPlaceKey(failed)) return false;
  if (byLatestAttempt(done, failed) >= 0) return false;
  if (done.include.length === 0 && done.exclude.length === 0) return true;
  if (listing === null || listing.revision !== failed.revision) return false;
  const failedKeeps = pathFilter(failed.include, failed.exclude);
  const doneKeeps = pathFilter(done.include, done.exclude);
  const wanted = listing.files.filter((file) => failedKeeps(file.path));
  return wanted.length > 0 && wanted.every((file) => doneKeeps(file.path));
}

/**
 * Whether `failed`, a failed download, is replaced among `jobs` (any jobs: only downloads count, and only those of
 * its repo can share its keys): a later attempt of the same download, whatever its state, or a completed download
 * that `supersedes` it. `listing`: the repo's files at its revision when known (the repo page), else null (the
 * panel: then only the same files, or the whole repo, into the same place replace it).
 */
export function replacedFailure(
  failed: JobView,
  jobs: readonly JobView[],
  listing: RevisionFiles | null = null,
): boolean {
  if (failed.kind !== 'download' || failed.state !== 'failed') return false;
  const key = jobKey(failed);
  return jobs.some(
    (other) =>
      other.kind === 'download' &&
      other.id !== failed.id &&
      ((jobKey(other) === key && byLatestAttempt(other, failed) < 0) || supersedes(other, failed, listing)),
  );
}
