/** Words for a job's state, shared by the panel, the Downloads page and the Model Manager. */
import type { InstalledModel, JobView, ModelListEntry } from '../../../src/api-types.js';
import { copyBytesLabel } from '../../../src/format/copy-bytes.js';
import { keptOnDiskFigure } from '../../../src/format/job-figures.js';
import { ACTIVE_STATE_ORDER } from '../../../src/model-status.js';
import { downloadVerifying } from '../../../src/progress/verifying.js';
import { receivesNothing } from './no-data.js';
import { formatBytes, formatEta, formatPercent, formatProgressBytes, formatSpeed, plural } from './units.js';

/** A running job with every byte on disk, its hash and commit still running (src/progress/verifying.ts). */
export function jobVerifying(job: JobView): boolean {
  return job.state === 'running' && downloadVerifying(job);
}

/** The speed of a running job, "Verifying…" once its bytes are all on disk, nothing otherwise. */
export function jobSpeedLabel(job: JobView): string {
  if (job.state !== 'running') return '';
  return jobVerifying(job) ? 'Verifying…' : formatSpeed(job.speed);
}

/** The ETA of a running job while bytes still come in. */
export function jobEtaLabel(job: JobView): string {
  if (job.state !== 'running' || job.eta === null || jobVerifying(job)) return '';
  return formatEta(job.eta);
}

/**
 * The state word of a running job that receives nothing (receivesNothing), wherever a job or its model is shown:
 * "Retrying" while its requests fail (a 503, a refused connect: the warning line says which, and the try), else
 * "Stalled" (connections open, no byte). A job answered 503 for minutes read "Stalled" beside "Server answered 503".
 */
function noDataWord(job: JobView): string {
  return job.retrying ? 'Retrying' : 'Stalled';
}

export function jobStateLabel(job: JobView): string {
  switch (job.state) {
    case 'queued':
      return job.queuePosition === null ? 'Queued' : `Queued #${job.queuePosition + 1}`;
    case 'running':
      if (receivesNothing(job)) return noDataWord(job);
      return jobVerifying(job) ? 'Verifying' : job.repair ? 'Repairing' : 'Downloading';
    case 'paused':
      return 'Paused';
    case 'completed':
      return 'Completed';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
  }
}

export type Tone = 'neutral' | 'active' | 'warning' | 'success' | 'danger';

export function jobTone(job: JobView): Tone {
  if (job.state === 'running') return receivesNothing(job) ? 'warning' : 'active';
  if (job.state === 'completed') return 'success';
  if (job.state === 'failed') return 'danger';
  if (job.state === 'paused') return 'warning';
  return 'neutral';
}

/**
 * "Repairing 1 file", "Repairing 3 files": what a repair job (JobView.repair) does, the files it fetches again
 * (each one `include` pattern of its own, src/server/model-verifications.ts).
 */
export function repairingLabel(job: Pick<JobView, 'include'>): string {
  return `Repairing ${plural(job.include.length, 'file')}`;
}

/**
 * A model's repair (its download is a repair job, JobView.repair) in the model's chip: what it does, at the repair's
 * own percent ("Repairing 1 file · 45.0%", "Repairing 1 file · paused at 45.0%", "… · stalled at 45.0%", "… ·
 * queued"). The model's download word beside the repair's percent read "Downloading 1.1 %", taken for the model's.
 */
function repairStatusLabel(job: JobView, status: ModelListEntry['status']): string {
  const doing = repairingLabel(job);
  if (status === 'queued') return `${doing} · queued`;
  if (status === 'paused') return `${doing} · paused${percentSuffix(job, ' at ')}`;
  if (receivesNothing(job)) return `${doing} · ${noDataWord(job).toLowerCase()}${percentSuffix(job, ' at ')}`;
  return `${doing}${percentSuffix(job, ' · ')}`;
}

/**
 * A model's state: its download's, or, while it has several on their way (one per GGUF quantization), how
 * many and in which states ("3 downloads queued", "3 downloads: 1 downloading, 2 queued"); a repair says so
 * (repairStatusLabel).
 */
export function modelStatusLabel(
  entry: Pick<ModelListEntry, 'status' | 'job'> & Partial<Pick<ModelListEntry, 'activeJobs'>>,
): string {
  const active = entry.activeJobs ?? [];
  if (active.length > 1) return severalDownloadsLabel(active);
  const repair = entry.job?.repair ? entry.job : null;
  if (repair && ['queued', 'downloading', 'paused'].includes(entry.status)) {
    return repairStatusLabel(repair, entry.status);
  }
  switch (entry.status) {
    case 'not-installed':
      return 'Not installed';
    case 'queued':
      return 'Queued';
    case 'downloading':
      if (!entry.job) return 'Downloading';
      // A download that receives nothing reads as the panel's row does ("Stalled", "Retrying"), not as downloading.
      return receivesNothing(entry.job)
        ? `${noDataWord(entry.job)}${percentSuffix(entry.job, ' at ')}`
        : `Downloading${percentSuffix(entry.job, ' ')}`;
    case 'paused':
      return entry.job ? `Paused${percentSuffix(entry.job, ' at ')}` : 'Paused';
    case 'installed':
      return 'Installed';
    case 'partial':
      return 'Partial';
    case 'failed':
      return 'Failed';
  }
}

/**
 * `41.7%`, or '' while the job's size is unknown (`total` 0: another program's download whose repo or
 * listing is unknown, a job listing its files), whose percent 0 would read "Stalled at 0.0%" over 104.86 MB.
 */
export function knownPercentLabel(job: Pick<JobView, 'percent' | 'total'>): string {
  return job.total > 0 ? formatPercent(job.percent) : '';
}

/** ` at 41.7%` (`joiner` first), or '' while the size is unknown. */
function percentSuffix(job: Pick<JobView, 'percent' | 'total'>, joiner: string): string {
  const percent = knownPercentLabel(job);
  return percent ? `${joiner}${percent}` : '';
}

function severalDownloadsLabel(jobs: readonly Pick<JobView, 'state'>[]): string {
  const words = { running: 'downloading', paused: 'paused', queued: 'queued' } as const;
  const counts = ACTIVE_STATE_ORDER.map((state) => ({
    word: words[state],
    count: jobs.filter((job) => job.state === state).length,
  })).filter(({ count }) => count > 0);
  const only = counts.length === 1 ? counts[0]?.word : undefined;
  if (only === 'downloading') return `${jobs.length} downloading`;
  if (only) return `${jobs.length} downloads ${only}`;
  return `${jobs.length} downloads: ${counts.map(({ word, count }) => `${count} ${word}`).join(', ')}`;
}

/**
 * What is known to be missing from a model on disk (docs/api-models.md, model status): the files of hubget's
 * latest download of it that are not there, with the partial files beside them (temp files of a download
 * started and not finished, which the next download resumes: "2 of 2 files missing (70.00 kB of 70.00 kB); 1
 * partial file on disk (8.19 kB) resumes"; the count read as if nothing had been fetched of them), or only the
 * unfinished temp files of an interrupted download. Empty when nothing is known to be missing.
 */
export function missingFilesLabel(
  installed: Pick<InstalledModel, 'plan' | 'unfinishedFiles' | 'unfinishedBytes'>,
): string {
  const plan = installed.plan;
  const unfinished = installed.unfinishedFiles;
  if (plan && plan.missingFiles > 0) {
    const missing = `${plan.missingFiles} of ${plan.files} files missing (${formatBytes(plan.missingBytes)} of ${formatBytes(plan.bytes)})`;
    if (unfinished === 0) return missing;
    const partial = unfinished === 1 ? '1 partial file on disk' : `${unfinished} partial files on disk`;
    return `${missing}; ${partial} (${formatBytes(installed.unfinishedBytes)}) ${unfinished === 1 ? 'resumes' : 'resume'}`;
  }
  if (unfinished > 0)
    return `${unfinished} unfinished download${unfinished === 1 ? '' : 's'} beside it (${formatBytes(installed.unfinishedBytes)} on disk)`;
  return '';
}

/**
 * What a copy takes on disk: its finished files (`sizeOnDisk`, as `hf cache scan` counts), and the temp files
 * of its unfinished downloads beside them (`unfinishedBytes`, the scan's `du` figure), which the finished
 * size leaves out: "1.20 GB + 300.00 MB partial".
 */
export function onDiskLabel(installed: Pick<InstalledModel, 'sizeOnDisk' | 'unfinishedBytes'>): string {
  return copyBytesLabel(installed);
}

/**
 * Tone of the state chip: the leading state's (a model with one download going on reads as downloading), a
 * warning while that download receives nothing (as its row in the panel: jobTone).
 */
export function modelStatusTone(
  entry: Pick<ModelListEntry, 'status'> & Partial<Pick<ModelListEntry, 'job'>>,
): Tone {
  switch (entry.status) {
    case 'downloading':
      return entry.job && receivesNothing(entry.job) ? 'warning' : 'active';
    case 'paused':
    case 'partial':
      return 'warning';
    case 'installed':
      return 'success';
    case 'failed':
      return 'danger';
    default:
      return 'neutral';
  }
}

/**
 * How a job whose size is not known (`total` 0) says so, the one rule for the panel, the Downloads page and
 * the Model Manager: one that has not started learns it when it starts (its listing is fetched then), a
 * running one is listing its files, and one that ended without it (failed or cancelled before its listing)
 * says nothing about size.
 */
export function unknownSizeLabel(job: Pick<JobView, 'state'>): string {
  switch (job.state) {
    case 'queued':
    case 'paused':
      return 'size known at start';
    case 'running':
      return 'size not known yet';
    default:
      return '';
  }
}

/**
 * `5.88 GB / 12.00 GB`, or what is known of it (unknownSizeLabel; '' for a job that ended without a size; a queued
 * job with nothing on disk yet, its size alone: queuedSizeLabel). A
 * cancelled or failed job's says it is what was kept on disk (`Finished files kept: 2 B of 629.15 MB`,
 * `2 B of 629.15 MB kept on disk` for a failed one: keptOnDiskFigure), not what it
 * fetched: the History's "Fetched 193.75 MB of 629.15 MB" beside it is the network's count, and a cancel
 * deletes the partial files.
 */
export function jobBytesLabel(job: JobView): string {
  if (job.total > 0 && (job.state === 'cancelled' || job.state === 'failed')) {
    return keptOnDiskFigure(job.state, job.downloaded, job.total);
  }
  // A queued job that has nothing on disk yet: its size, as the queue card says it ("0 B / 12.00 GB" read as stuck).
  if (job.state === 'queued' && job.downloaded === 0) return queuedSizeLabel(job);
  if (job.total > 0) return formatProgressBytes(job.downloaded, job.total);
  // Another program's download: its total comes from a Hub listing that may not be there.
  if (job.kind === 'external') return `${formatBytes(job.downloaded)} so far, total unknown`;
  return job.downloaded > 0 ? formatBytes(job.downloaded) : unknownSizeLabel(job);
}

/** A queued job's size, or that it is known once the job starts (unknownSizeLabel). */
export function queuedSizeLabel(job: Pick<JobView, 'total' | 'state'>): string {
  return job.total > 0 ? formatBytes(job.total) : unknownSizeLabel(job);
}

/** Which buttons a job offers. External downloads (other programs) are watched only. */
export function jobCommands(job: JobView): ('pause' | 'resume' | 'cancel' | 'retry' | 'remove')[] {
  if (job.kind === 'external') return job.state === 'running' ? [] : ['remove'];
  switch (job.state) {
    case 'running':
      return ['pause', 'cancel'];
    case 'queued':
      return ['pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    case 'failed':
      return ['retry', 'remove'];
    case 'cancelled':
      return ['retry', 'remove'];
    case 'completed':
      return ['remove'];
  }
}
