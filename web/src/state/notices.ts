/** In-page notices (toasts) and their derivation from job state changes when no event stream is available. */
import type { JobView } from '../../../src/api-types.js';
import { jobFullName } from '../format/job-full-name.js';
import { formatBytes, plural } from '../format/units.js';
import type { JobOutcome } from './announced-outcomes.js';

export interface Notice {
  level: 'success' | 'error' | 'info';
  jobId: string;
  title: string;
  message: string;
  /** Set when the notice tells how job `jobId` ended: toasted once per outcome (announced-outcomes.ts). */
  outcome?: JobOutcome;
  /** With `outcome`: the `finishedAt` of the run that ended so, null when not known yet. */
  finishedAt?: string | null;
}

/** Completion / failure notices for jobs that finished between two lists (polling, or a reopened stream). */
export function transitionNotices(previous: Readonly<Record<string, JobView>>, next: JobView[]): Notice[] {
  const notices: Notice[] = [];
  for (const job of next) {
    const before = previous[job.id];
    if (!before || before.state === job.state) continue;
    if (job.state === 'completed') {
      notices.push({
        level: 'success',
        jobId: job.id,
        title: 'Download complete',
        message: job.name,
        outcome: 'completed',
        finishedAt: job.finishedAt,
      });
    } else if (job.state === 'failed') {
      notices.push({
        level: 'error',
        jobId: job.id,
        title: 'Download failed',
        message: job.error ? `${job.name}: ${job.error.message}` : job.name,
        outcome: 'failed',
        finishedAt: job.finishedAt,
      });
    }
  }
  return notices;
}

/** The toast after a model (or one of its revisions, or one GGUF quantization) was deleted from the cache. */
export function deletedNotice(name: string, freedBytes: number, quantization = false): Notice {
  return {
    level: 'success',
    jobId: '',
    title: quantization ? 'Quantization deleted' : 'Model deleted',
    message: `${name}: ${formatBytes(freedBytes)} freed`,
  };
}

/** The toast after a Delete of several models: how many, and what they freed together. */
export function modelsDeletedNotice(count: number, freedBytes: number): Notice {
  return {
    level: 'success',
    jobId: '',
    title: 'Models deleted',
    message: `${plural(count, 'model')}: ${formatBytes(freedBytes)} freed`,
  };
}

/** The toast when a delete was refused or failed. */
export function deleteFailedNotice(message: string): Notice {
  return { level: 'error', jobId: '', title: 'Could not delete', message };
}

/**
 * The toast after a download was asked for (the Models page's form, a model page): `Already downloading`
 * when the request joined a job of the same repo and selection, `Download started` when the job runs at once,
 * else `Download queued` (waiting for a free slot). It names the job as the panel's tooltip does (`jobFullName`:
 * a GGUF quantization's "model Q4_K_M (org/model)", so two quantizations started one after the other differ);
 * `selection` adds what was picked (`1 file, 22 B`).
 */
export function createdNotice(
  job: JobView,
  joined: boolean,
  selection?: { files: number; bytes: number },
): Notice {
  const name = jobFullName(job);
  const picked = selection ? `: ${plural(selection.files, 'file')}, ${formatBytes(selection.bytes)}` : '';
  if (joined) {
    // The server joins an identical active download as it is: a paused one stays paused, a queued one waits.
    const joinedWords = {
      paused: ['Already there, paused', 'a paused download of the same files; resume it to go on'],
      queued: ['Already queued', 'joined the queued download'],
    } as const;
    const [title, words] =
      job.state === 'paused' || job.state === 'queued'
        ? joinedWords[job.state]
        : ['Already downloading', 'joined the running download'];
    return { level: 'info', jobId: job.id, title, message: `${name}: ${words}.` };
  }
  return {
    level: 'info',
    jobId: job.id,
    title: job.state === 'running' ? 'Download started' : 'Download queued',
    message: `${name}${picked}`,
  };
}
