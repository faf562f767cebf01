/**
 * The line under a job's name, so that jobs of the same name can be told apart ("big" from org/big and
 * from other/big, or one repo downloaded twice): the repo id when the name does not already say it, the folder
 * a download goes into when not the HF cache (one repo into the cache and into a folder), and, for a finished
 * job where asked, when it finished.
 */
import type { JobView } from '../../../src/api-types.js';

/** `20:53` today, `4 Dec 20:53` another day (the browser's locale and time zone); '' for no time. */
export function timeOfDayLabel(iso: string | null, nowMs: number): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const time = at.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  const sameDay = new Date(nowMs).toDateString() === at.toDateString();
  return sameDay ? time : `${at.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${time}`;
}

/** `finished 20:53` today, `finished 4 Dec 20:53` another day. */
function finishedAtLabel(iso: string | null, nowMs: number): string {
  const at = timeOfDayLabel(iso, nowMs);
  return at ? `finished ${at}` : '';
}

/** `folder small` for a download into a folder (the last part of its path), null for one into the HF cache. */
export function jobFolderLabel(job: Pick<JobView, 'localDir'>): string | null {
  if (job.localDir === null) return null;
  const name = job.localDir
    .split(/[\\/]/)
    .filter((part) => part !== '')
    .pop();
  return `folder ${name ?? job.localDir}`;
}

export function jobSubtitle(
  job: Pick<JobView, 'kind' | 'name' | 'repoId' | 'finishedAt' | 'resultPath' | 'localDir'>,
  options: { finishedAt?: boolean; nowMs?: number } = {},
): string {
  const parts: string[] = [];
  if (job.repoId && job.repoId !== job.name) parts.push(job.repoId);
  // Another program's download of a folder whose repo is not known: the folder says which one it is.
  else if (!job.repoId && job.kind === 'external' && job.resultPath) parts.push(job.resultPath);
  if (job.kind === 'download') parts.push(jobFolderLabel(job) ?? '');
  if (options.finishedAt && job.finishedAt)
    parts.push(finishedAtLabel(job.finishedAt, options.nowMs ?? Date.now()));
  return parts.filter((part) => part !== '').join(' · ');
}
