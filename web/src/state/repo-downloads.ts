/**
 * A repo page's own downloads: its queued, running and paused jobs, then each failed one that no later attempt
 * of the same download has replaced, nor a later completed download of the same place that fetched every file of
 * it (replaced-download.ts, the download panel's rule too), whatever became of the repo's other downloads: a
 * folder's failed download stays listed after a download into the HF cache completed, and a failed quantization
 * after another one completed. The Download card lists them with their state and the Downloads page's buttons; the one of them that already fetches what the page
 * has selected turns Download off. A second Download of the same files would not help: the server joins an
 * identical active job without resuming it (a paused one stays paused), and beside a failed one it starts a new
 * job while the failed one keeps its Retry. Download stays for a selection no such job fetches (another
 * quantization of a GGUF repo), and for a repo with none.
 */
import type { JobView, RepoPageResponse } from '../../../src/api-types.js';
import { pathFilter } from '../../../src/hub/patterns.js';
import { byLatestAttempt } from '../../../src/jobs/latest-job.js';
import { compareJobs, isActive } from './jobs-reducer.js';
import { type RevisionFiles, replacedDownload } from './replaced-download.js';

/**
 * The repo's jobs worth showing on its page: the active ones in the Downloads page's order, then the failed
 * ones no later attempt or completed download replaced (`replacedDownload`), latest first. `jobs`: those of the
 * repo; `listing`: its files at the page's revision, when loaded.
 */
export function repoDownloads(jobs: readonly JobView[], listing: RevisionFiles | null = null): JobView[] {
  const own = jobs.filter((job) => job.kind === 'download');
  const active = own.filter(isActive).sort(compareJobs);
  const failed = own
    .filter((job) => job.state === 'failed' && !replacedDownload(job, own, listing))
    .sort(byLatestAttempt);
  return [...active, ...failed];
}

/**
 * The shown job (`repoDownloads`) that fetches every one of `files` (the selection) into the place the page
 * downloads to (`localDir`: null for the HF cache, else the folder's absolute path, as a job's `localDir` and the
 * preview's `destination` say it) at the page's revision, by its include/exclude patterns (the server's rule,
 * src/hub/patterns.ts); null when none does.
 */
export function downloadFetching(
  shown: readonly JobView[],
  page: Pick<RepoPageResponse, 'revision' | 'commit'>,
  files: readonly { path: string }[],
  localDir: string | null = null,
): JobView | null {
  if (files.length === 0) return null;
  return (
    shown.find((job) => {
      if (job.localDir !== localDir) return false;
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
