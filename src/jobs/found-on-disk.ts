/**
 * A paused or queued job whose files another download put in place (a `hubget download` of the same repo
 * took over when the job was paused, and finished): every file of the job's last plan is on disk, with the
 * rule the model list checks plans with (src/cache/plan-on-disk.ts: size, and the `.metadata` record in a
 * local dir). Such a job is completed (`found`, docs/job-states.md) rather than left "paused" beside an
 * installed model, holding Delete back. Only stat calls, no hashing and no Hub call; checked at service
 * start, when a download of another program or process the external watcher followed ends (job-service.ts,
 * the tick), at each GET /api/models and before a Delete refuses (src/server/routes/models.ts), and when the
 * mirror moved a paused pull's verified file into place (docs/mirror.md).
 */
import { resolve } from 'node:path';
import { cacheRepoLayout, snapshotDir } from '../cache/cache-layout.js';
import { filesNotOnDisk, type PlanPlace } from '../cache/plan-on-disk.js';
import { toHubgetError } from '../errors.js';
import { colonAfter } from '../format/path-punctuation.js';
import { isWaitingOwnJob } from './active-jobs.js';
import type { RunHost } from './job-run.js';
import type { JobEntry } from './job-service-options.js';
import { persistProgress } from './job-ticks.js';
import { removeProgressFile } from './progress-files.js';

/** Paused or queued, not running, with a plan: what the rule looks at. */
function waitsWithPlan(entry: JobEntry): boolean {
  const { job, telemetry } = entry;
  return (
    isWaitingOwnJob(job) && entry.run === undefined && telemetry.commit !== null && telemetry.files.size > 0
  );
}

/** completeIfOnDisk for each waiting job of `entries`, in the background. */
export function completeAllIfOnDisk(host: RunHost, entries: Iterable<JobEntry>): void {
  for (const entry of entries) void completeIfOnDisk(host, entry);
}

/**
 * Completes the job when every file of its last plan is on disk; resolves whether it did. A check that
 * failed (the disk did not answer) leaves the job as it is: logged, never thrown.
 */
export async function completeIfOnDisk(host: RunHost, entry: JobEntry): Promise<boolean> {
  return foundComplete(host, entry).catch((error: unknown) => {
    host.logger.warn({ jobId: entry.job.id, error: toHubgetError(error).toJSON() }, 'Disk check failed');
    return false;
  });
}

async function foundComplete(host: RunHost, entry: JobEntry): Promise<boolean> {
  if (!waitsWithPlan(entry)) return false;
  const { job, telemetry } = entry;
  const commit = telemetry.commit!;
  const place: PlanPlace =
    job.localDir === null
      ? { snapshotPath: snapshotDir(cacheRepoLayout(host.options.hubCacheDir, job), commit) }
      : { localDir: resolve(host.options.modelsDir, job.localDir) };
  const files = [...telemetry.files.values()].map(({ path, size }) => ({ path, size }));
  const missing = await filesNotOnDisk(place, files);
  // Looked again after the disk answered: the job may have started, been cancelled, or been found meanwhile.
  if (missing.length > 0 || !waitsWithPlan(entry)) return false;
  telemetry.markAllDone('present');
  const resultPath = 'snapshotPath' in place ? place.snapshotPath : place.localDir;
  host.setState(entry, 'found', { finishedAt: host.now(), resultPath, tempPrefixes: [] });
  persistProgress(host.store, entry);
  await removeProgressFile(entry, host.progressDir());
  const message = colonAfter(
    job.name,
    'every file is on disk (another download finished it); the job is completed',
  );
  host.logger.info({ jobId: job.id }, message);
  host.publish({
    type: 'notification',
    level: 'success',
    jobId: job.id,
    title: 'Download complete',
    message,
  });
  return true;
}
