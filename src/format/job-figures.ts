/**
 * What a finished job's bytes were, one rule for the Downloads page's History (web/src/state/job-stats.ts
 * `historyFigures`) and the jobs service's completion notification (src/jobs/job-run.ts, `completedFigures`,
 * which adds the time they took over all the job's runs): its size, then what
 * it fetched itself when that was not all of it, what another download fetched for it and what it copied from
 * the HF cache, in the CLI's words (src/cli/renderers/event-lines.ts). "When that was not all of it" is by the
 * figures as shown: a fetched count that reads the same as the size is not said again.
 */
import type { JobView } from '../api-types.js';
import { copyPlacesWords, HF_CACHE_WORDS } from './copy-places.js';
import { hubWaitedWords, waitWorthSaying } from './retry-wait-words.js';
import { copiedFrom, fetchedByAnotherDownload, formatBytes, formatTook, secondsBetween } from './units.js';

export type JobBytes = Pick<
  JobView,
  | 'state'
  | 'total'
  | 'downloaded'
  | 'fetchedBytes'
  | 'otherRunBytes'
  | 'copiedBytes'
  | 'copiedFrom'
  | 'localDir'
> &
  Partial<Pick<JobView, 'linkedBytes'>>;

/** What the job fetched over the network itself (what landed on disk, for jobs stored before that count). */
export function fetchedOf(job: Pick<JobView, 'fetchedBytes' | 'downloaded'>): number {
  return job.fetchedBytes ?? job.downloaded;
}

/** What another download fetched for the job while it waited: without a size when it was the whole job. */
function otherRunFigure(job: JobBytes): string | null {
  const other = job.otherRunBytes ?? 0;
  if (other <= 0) return null;
  return other >= job.total ? 'fetched by another download' : fetchedByAnotherDownload(other);
}

/**
 * What a job into the cache copied from when its file records name no place (a job stored before hubget recorded
 * them, migration 12): a local dir, or another repo's folder in the HF cache.
 */
const FILES_ON_DISK_WORDS = 'files on disk';

/**
 * What the job copied instead of fetching: a local-dir job from the HF cache's blobs (its repo's or another's), a
 * job into the cache from a local dir or another repo's folder, each place named as the CLI names it
 * (`copied from org/fork in the HF cache`, `copied from the local dir /m/x`: copyPlacesWords). Without a size when
 * it was the whole job. Those hard-linked from another repo's folder (`linkedBytes`: a fork's weights, which take no
 * room) are said so, as the CLI's summary says them (units.ts copiedFrom): `linked from org/fork in the HF cache (no
 * room taken)`, `62.91 MB linked (no room taken) and 22 B copied from org/a in the HF cache`.
 */
function copiedFigure(job: JobBytes): string | null {
  const copied = job.copiedBytes ?? 0;
  if (copied <= 0) return null;
  const from =
    job.copiedFrom !== undefined && job.copiedFrom.length > 0
      ? copyPlacesWords(job.copiedFrom)
      : job.localDir === null
        ? FILES_ON_DISK_WORDS
        : HF_CACHE_WORDS;
  const linked = job.linkedBytes ?? 0;
  if (copied >= job.total && linked <= 0) return `copied from ${from}`;
  if (copied >= job.total && linked >= copied) return `linked from ${from} (no room taken)`;
  return copiedFrom(copied, from, linked);
}

/** What a job that fetched more than its size fetched twice, at least: `(at least 2.00 MB of it fetched again)`. */
function fetchedAgainFigure(fetched: number, total: number): string {
  return `(at least ${formatBytes(fetched - total)} of it fetched again)`;
}

/**
 * What an ended job left on disk, and of what. A failed one keeps its partial files (a Retry resumes them): `2 B
 * of 629.15 MB kept on disk`. A cancel deletes the files not finished, with what was fetched of them, so what a
 * cancelled one kept is its finished files, and says so: `Finished files kept: 22 B of 20.97 MB`, or `Nothing kept
 * on disk` (it read "22 B of 20.97 MB kept on disk", as if a part of the download were kept to resume). `total`
 * omitted (the History, whose first figure says the size): `Finished files kept: 22 B`. One wording for the
 * panel's row and the History, so their two figures read as the two things they are.
 */
export function keptOnDiskFigure(state: JobView['state'], downloaded: number, total = 0): string {
  const bytes = `${formatBytes(downloaded)}${total > 0 ? ` of ${formatBytes(total)}` : ''}`;
  if (state !== 'cancelled') return `${bytes} kept on disk`;
  return downloaded > 0 ? `Finished files kept: ${bytes}` : 'Nothing kept on disk';
}

/**
 * `['90.47 kB', 'fetched 70.00 kB']` for a completed job that found part of its files on disk,
 * `['90.47 kB', 'Already on disk: nothing fetched']` when it found all; `['Fetched 45.00 MB of 209.72 MB']` or
 * `['Nothing fetched']` for a cancelled or failed one, with what it kept on disk when that reads differently
 * (`['Fetched 193.75 MB of 629.15 MB', '2 B kept on disk']`: the cancel deleted the partial files); then what
 * another download fetched and what was copied. A job that fetched more than its size (a file fetched again after
 * a checksum error, a cancel's deleted temp files fetched again by a retry) says so, never "Fetched 4.00 MB of
 * 2.00 MB": `['Fetched 4.00 MB for 2.00 MB (at least 2.00 MB of it fetched again)', '0 B kept on disk']`, and a
 * completed one `['2.00 MB', 'fetched 4.00 MB (at least 2.00 MB of it fetched again)']`. "At least": the bytes
 * past the size are fetched again for sure; which others were, nothing recorded.
 */
export function jobByteFigures(job: JobBytes): string[] {
  const fetched = fetchedOf(job);
  const elsewhere = [otherRunFigure(job), copiedFigure(job)].filter((figure) => figure !== null);
  const size = job.total > 0 ? formatBytes(job.total) : '';
  const figures: string[] = [];
  if (job.state === 'completed') {
    figures.push(size || formatBytes(job.downloaded));
    if (fetched === 0 && elsewhere.length === 0) return [...figures, 'Already on disk: nothing fetched'];
    // Said only when it reads differently from the size: 2 B on disk before a 629.15 MB download leaves
    // "fetched 629.15 MB" beside "629.15 MB", the same number twice.
    const fetchedFigure = formatBytes(fetched);
    if (job.fetchedBytes !== null && fetched > 0 && fetchedFigure !== size) {
      if (fetched < job.total) figures.push(`fetched ${fetchedFigure}`);
      else figures.push(`fetched ${fetchedFigure} ${fetchedAgainFigure(fetched, job.total)}`);
    }
  } else if (fetched === 0) {
    figures.push(size ? `Nothing fetched of ${size}` : 'Nothing fetched');
  } else if (!size) {
    figures.push(`Fetched ${formatBytes(fetched)}`);
  } else if (fetched > job.total && formatBytes(fetched) !== size) {
    figures.push(`Fetched ${formatBytes(fetched)} for ${size} ${fetchedAgainFigure(fetched, job.total)}`);
  } else {
    figures.push(`Fetched ${formatBytes(fetched)} of ${size}`);
  }
  if (job.state !== 'completed' && job.total > 0 && formatBytes(job.downloaded) !== formatBytes(fetched)) {
    figures.push(keptOnDiskFigure(job.state, job.downloaded));
  }
  return [...figures, ...elsewhere];
}

/** What hubWaitedFigure reads of a job: its wait for the Hub and its start to finish. */
export type JobHubWait = Partial<Pick<JobView, 'hubWaitedMs' | 'startedAt' | 'finishedAt'>>;

/**
 * `waited 3 min 37 s for the Hub`, in the CLI summary's words (hubWaitedWords): the time every file the job's runs
 * fetched waited for the Hub (a `429`'s Retry-After, a `5xx` backoff: `hubWaitedMs`), which its fetching time and
 * average leave out, so a job whose start to finish is far longer than its fetching says why. Said by the CLI's
 * rule (waitWorthSaying: a second and a tenth of the job's start to finish); nothing for a job stored before
 * hubget recorded it. One figure for the History and the completion notification.
 */
export function hubWaitedFigure(job: JobHubWait): string | null {
  const waitedMs = job.hubWaitedMs ?? 0;
  const durationSeconds = secondsBetween(job.startedAt ?? null, job.finishedAt ?? null) ?? 0;
  if (!waitWorthSaying(waitedMs, durationSeconds * 1000)) return null;
  return hubWaitedWords(formatTook(waitedMs / 1000));
}

/**
 * A completed job's figures in one line, for its completion notification: `jobByteFigures`, then the time the
 * job spent fetching, all its runs together (`fetchingMs`, the engine's own clock, as the History's average is
 * measured), so the time covers the bytes the figures name: `52.43 MB in 30 s` for a job paused and resumed,
 * restarted after a crash or retried after a failure, not the last run's time beside the whole job's size. No
 * time when it fetched nothing, nor for a job stored before that time was recorded (`fetchingMs` null). Then the
 * time it waited for the Hub, as its History says it: `20.97 MB in 1 s · waited 11 s for the Hub`.
 */
export function completedFigures(job: JobBytes & Pick<JobView, 'fetchingMs'> & JobHubWait): string {
  const figures = jobByteFigures(job).join(' · ');
  const waited = hubWaitedFigure(job);
  const timed =
    fetchedOf(job) <= 0 || job.fetchingMs === null
      ? figures
      : `${figures} in ${formatTook(job.fetchingMs / 1000)}`;
  return waited === null ? timed : `${timed} · ${waited}`;
}
