/**
 * A repo page's own downloads: its queued, running and paused jobs, then each failed one that no later attempt
 * of the same download (`jobKey`: revision, destination — the HF cache or a folder —, include and exclude) has
 * replaced, nor a later completed download of the same place (`jobPlaceKey`) that fetched every file of it (the
 * whole repo into the folder a quantization failed to fill: `supersedes`), whatever became of the repo's other
 * downloads: a folder's failed download stays listed after a download into the HF cache completed, and a failed
 * quantization after another one completed. The Download card
 * lists them with their state and the Downloads page's buttons; the one of them that already fetches what the page
 * has selected turns Download off. A second Download of the same files would not help: the server joins an
 * identical active job without resuming it (a paused one stays paused), and beside a failed one it starts a new
 * job while the failed one keeps its Retry. Download stays for a selection no such job fetches (another
 * quantization of a GGUF repo), and for a repo with none.
 */
import type { JobView, RepoPageResponse } from '../../../src/api-types.js';
import { pathFilter } from '../../../src/hub/patterns.js';
import { jobKey, jobPlaceKey } from '../../../src/jobs/job-key.js';
import { byLatestAttempt } from '../../../src/jobs/latest-job.js';
import { compareJobs, isActive } from './jobs-reducer.js';

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
 * The repo's jobs worth showing on its page: the active ones in the Downloads page's order, then the failed
 * latest attempts no completed download superseded, latest first. `jobs`: those of the repo; `listing`: its
 * files at the page's revision, when loaded.
 */
export function repoDownloads(jobs: readonly JobView[], listing: RevisionFiles | null = null): JobView[] {
  const own = jobs.filter((job) => job.kind === 'download');
  const active = own.filter(isActive).sort(compareJobs);
  const latest = new Map<string, JobView>();
  for (const job of [...own].sort(byLatestAttempt)) {
    const key = jobKey(job);
    if (!latest.has(key)) latest.set(key, job);
  }
  const completed = own.filter((job) => job.state === 'completed');
  const failed = [...latest.values()].filter(
    (job) => job.state === 'failed' && !completed.some((done) => supersedes(done, job, listing)),
  );
  return [...active, ...failed];
}

/**
 * The shown job (`repoDownloads`) that fetches every one of `files` (the selection) into the HF cache (the page downloads
 * there) at the page's revision, by its include/exclude patterns (the server's rule, src/hub/patterns.ts);
 * null when none does.
 */
export function downloadFetching(
  shown: readonly JobView[],
  page: Pick<RepoPageResponse, 'revision' | 'commit'>,
  files: readonly { path: string }[],
): JobView | null {
  if (files.length === 0) return null;
  return (
    shown.find((job) => {
      if (job.localDir !== null) return false;
      if (job.revision !== page.revision && job.commit !== page.commit) return false;
      const keeps = pathFilter(job.include, job.exclude);
      return files.every((file) => keeps(file.path));
    }) ?? null
  );
}

/** Why Download is off: the job that fetches the selection (`downloadFetching`), and what to do with it. */
export function fetchingReason(job: JobView, quant: string | null): string {
  const what = quant ?? 'these files';
  switch (job.state) {
    case 'paused':
      return `Paused: the download “${job.name}” fetches ${what}; resume it above.`;
    case 'failed':
      return `Failed: the download “${job.name}” of ${what} stopped; retry it above.`;
    case 'queued':
      return `Queued: the download “${job.name}” will fetch ${what}.`;
    default:
      return `Downloading: “${job.name}” is fetching ${what}.`;
  }
}
