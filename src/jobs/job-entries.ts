/** The in-memory record of a job (stored job + telemetry + limiter), and which temp files are hubget's own. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { JobFileView } from '../api-types.js';
import { RESUME_MAP_SUFFIX } from '../cache/cache-layout.js';
import { repoFolderName } from '../cache/repo-folder.js';
import type { StoredJob } from '../store/types.js';
import { createRateLimiter } from '../transfer/rate-limiter.js';
import type { JobEntry } from './job-service-options.js';
import { JobTelemetry } from './job-telemetry.js';

/** A job as loaded from the store (or just created): telemetry starts from its stored counters. */
export function createJobEntry(job: StoredJob, files: JobFileView[]): JobEntry {
  return {
    job,
    telemetry: new JobTelemetry({
      downloaded: job.downloadedBytes,
      total: job.totalBytes,
      filesDone: job.filesDone,
      filesTotal: job.filesTotal,
      files,
      lastActivityAt: job.lastActivityAt,
      commit: job.commit,
    }),
    limiter: createRateLimiter(job.bandwidthLimit),
    run: undefined,
    progressFile: undefined,
    ticks: 0,
  };
}

/**
 * hubget's temp files carry a resume-map sidecar (src/cache/temp-files.ts); one created a moment ago may
 * not have it yet, so anything under the destination of a running job counts too.
 */
export function isOwnTempFile(path: string, entries: Iterable<JobEntry>, hubCacheDir: string): boolean {
  if (existsSync(`${path}${RESUME_MAP_SUFFIX}`)) return true;
  for (const { job } of entries) {
    if (job.state !== 'running') continue;
    const root =
      job.localDir ?? join(hubCacheDir, repoFolderName({ repoId: job.repoId, repoType: job.repoType }));
    if (path.startsWith(`${root}/`)) return true;
  }
  return false;
}
