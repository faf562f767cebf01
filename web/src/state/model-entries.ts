/** Pure helpers for the Model Manager list: live status, display size, filtering. */
import type { InstalledModel, JobView, ModelListEntry, NewJobRequest } from '../../../src/api-types.js';
import { copyBytes } from '../../../src/format/copy-bytes.js';
import { repoIdError } from '../../../src/hub/repo-id.js';
import type { RepoType } from '../../../src/hub/types.js';
import { isActiveOwnJob } from '../../../src/jobs/job-state-machine.js';
import { diskState, leadingJob, modelStatus } from '../../../src/model-status.js';
import { isFoundInSubFolder } from '../../../src/sub-folder-local-dir.js';
import { folderPageHref, repoPageHrefOf } from '../format/hub-values.js';
import { jobCommands } from '../format/job-labels.js';
import { isActive } from './jobs-reducer.js';

/**
 * The entry with its jobs replaced by the live ones (SSE is fresher than the last GET /api/models): its
 * latest job, and those of its active jobs that are still active.
 */
export function withLiveJob(entry: ModelListEntry, jobs: Readonly<Record<string, JobView>>): ModelListEntry {
  const live = entry.job ? jobs[entry.job.id] : undefined;
  const job = live ?? entry.job;
  if (!job) return entry;
  const activeJobs = entry.activeJobs.map((active) => jobs[active.id] ?? active).filter(isActive);
  // A job that completed since the list was fetched has its files on disk; the reload it triggers confirms it.
  const justCompleted = job.state === 'completed' && entry.job?.state !== 'completed';
  // The job the row's figures and state speak of: the leading active one (the server's rule too).
  const shown = leadingJob(activeJobs) ?? job;
  return {
    ...entry,
    job: shown,
    activeJobs,
    status: modelStatus(shown.state, justCompleted ? 'complete' : diskState(entry.installed)),
  };
}

/** Whether the row stands for several downloads at once: its state and buttons then speak for all of them. */
export function hasSeveralDownloads(entry: Pick<ModelListEntry, 'activeJobs'>): boolean {
  return entry.activeJobs.length > 1;
}

export type CommandForAll = 'pause' | 'resume' | 'cancel';

/**
 * The buttons of a row with several downloads, each with the jobs it acts on: Pause (those running or
 * queued), Resume (those paused), Cancel (all of them; another program's download only watched, never).
 */
export function commandsForAll(jobs: readonly JobView[]): { command: CommandForAll; jobs: JobView[] }[] {
  return (['pause', 'resume', 'cancel'] as const)
    .map((command) => ({ command, jobs: jobs.filter((job) => jobCommands(job).includes(command)) }))
    .filter((group) => group.jobs.length > 0);
}

/**
 * The row's name: what the row stands for, the repo (or folder) on disk, not one download of it. The
 * catalog's name, else the repo's own name; a job's name ("gguf-repo Q4_K_M") names only that download.
 */
export function displayName(entry: ModelListEntry): string {
  return entry.catalog?.name || repoIdOf(entry).split('/').pop() || localFolderOf(entry) || entry.key;
}

/**
 * The folder a `local:<folder>` row stands for (relative to the models dir), else ''. It names a row that knows
 * no repo id: another program's download into a folder without hubget's marker (its job's `repoId` is '').
 */
function localFolderOf(entry: ModelListEntry): string {
  return entry.key.startsWith('local:') ? entry.key.slice('local:'.length) : '';
}

/**
 * Where an installed copy is, `HF cache` or `folder chatcopy`: in the names of its buttons, so two copies of
 * a model (the HF cache's and a folder under the models dir) do not both read "Delete chat-7b".
 */
export function placeOf(installed: Pick<InstalledModel, 'location' | 'localFolder'>): string {
  return installed.location === 'local' ? `folder ${installed.localFolder}` : 'HF cache';
}

/**
 * The download of hubget's own that holds the row's copy: a queued, running or paused job for it keeps its
 * partial files and resume maps there, and the server refuses to delete it (IN_USE, src/jobs/active-jobs.ts).
 * The row then offers that job's Cancel, not Delete. Null when none does.
 */
export function downloadHolding(entry: Pick<ModelListEntry, 'activeJobs'>): JobView | null {
  return entry.activeJobs.find(isActiveOwnJob) ?? null;
}

/**
 * Whether the row offers Delete (and a place among several to delete): a copy on disk that the server deletes (not a
 * local dir found in a sub-folder: it did not make it), with no download of its own holding it (its Cancel is there
 * instead: the server would refuse, IN_USE) nor one running or queued.
 */
export function offersDelete(entry: ModelListEntry): entry is ModelListEntry & { installed: InstalledModel } {
  return (
    entry.installed !== null &&
    !isFoundInSubFolder(entry.installed) &&
    !downloadHolding(entry) &&
    entry.status !== 'downloading' &&
    entry.status !== 'queued'
  );
}

/**
 * The download of hubget's own that holds this copy, among a repo's jobs (its page): a queued, running or
 * paused one that downloads into the HF cache for a cache copy, into the folder or one inside it for a folder
 * (a job's `localDir` is absolute), as the server's refusal (src/jobs/active-jobs.ts). Null when none does.
 */
export function downloadHoldingCopy(
  installed: Pick<InstalledModel, 'location' | 'path'>,
  jobs: readonly JobView[],
): JobView | null {
  const writesHere = (job: JobView) =>
    installed.location === 'cache'
      ? job.localDir === null
      : job.localDir !== null &&
        (job.localDir === installed.path || job.localDir.startsWith(`${installed.path}/`));
  return jobs.find((job) => isActiveOwnJob(job) && writesHere(job)) ?? null;
}

/**
 * What deleting a whole copy frees: its files and the temp files of its unfinished downloads, which go with it
 * (the repo's folder in the HF cache, a folder's `.cache/huggingface/`), so a partial model's Delete does not
 * read "frees 22 B" with 129 MB of partial data beside it. Blobs another repo's folder links too
 * (`sharedBytes`: a fork's weights, hard-linked) stay for it and free nothing, as the server's Delete counts them.
 */
export function bytesDeleteFrees(
  installed: Pick<InstalledModel, 'sizeOnDisk' | 'unfinishedBytes' | 'sharedBytes'>,
): number {
  // The one rule of what a copy takes on disk, the server's Delete answers the same (src/format/copy-bytes.ts).
  return copyBytes(installed) - (installed.sharedBytes ?? 0);
}

/**
 * The repo's installed copies other than `shown` (the one its page shows, `installedCopy` of
 * src/model-status.ts), in the list's order: a repo can be in the HF cache and in folders under the models
 * dir at once, and its page says where else it is.
 */
export function otherCopies(entries: readonly ModelListEntry[], shown: InstalledModel): InstalledModel[] {
  return entries.flatMap((entry) => {
    const copy = entry.installed;
    if (!copy || copy.repoType !== shown.repoType || copy.repoId !== shown.repoId) return [];
    return copy.location === shown.location && copy.localFolder === shown.localFolder ? [] : [copy];
  });
}

export function repoIdOf(entry: ModelListEntry): string {
  return entry.catalog?.repoId ?? entry.installed?.repoId ?? entry.job?.repoId ?? entry.key;
}

/**
 * The page of the repo the row stands for (`/models/org/name`, `/datasets/org/name`), where its card, its
 * other quantizations and what is installed are; a folder's own page (`/folders/name`) for a local dir no marker
 * names; null for a row that names no Hub repo.
 */
export function repoPageOf(entry: ModelListEntry): string | null {
  // A folder no marker names: its own page (what is on disk, Verify files), not a Hub repo's of its folder's name.
  if (entry.installed?.unnamedRepo && entry.installed.location === 'local')
    return folderPageHref(entry.installed.localFolder);
  const repoType = entry.catalog?.repoType ?? entry.installed?.repoType ?? entry.job?.repoType ?? 'model';
  return repoPageHrefOf(repoType, repoIdOf(entry));
}

/** Whether the entry's installed size is what its disk holds (installed or partial, no download's total). */
function showsSizeOnDisk(entry: ModelListEntry): boolean {
  return entry.installed !== null && (entry.status === 'installed' || entry.status === 'partial');
}

/**
 * Size on disk when installed (or partly), the job's total while downloading (the listing's exact sizes),
 * else the catalog's estimate; `exact` is false only for that estimate, which the row marks with `≈`.
 * A GGUF repo with quantizations on disk keeps their size on disk while another one downloads: the row
 * shows it beside their names (the job's total is that of the quantization being fetched).
 */
export function displaySize(entry: ModelListEntry): { bytes: number; exact: boolean } | null {
  if (entry.installed && (showsSizeOnDisk(entry) || entry.installed.quants.length > 0))
    return { bytes: entry.installed.sizeOnDisk, exact: true };
  if (entry.job && entry.job.total > 0) return { bytes: entry.job.total, exact: true };
  if (entry.installed) return { bytes: entry.installed.sizeOnDisk, exact: true };
  const approx = entry.catalog?.approxBytes;
  return approx === undefined || approx === null ? null : { bytes: approx, exact: false };
}

/**
 * What Download asks for: the catalog's selection; else what the entry's latest job asked for (a quantization,
 * a folder), so finishing a partial model fetches what it lacks and not the whole repo; else the whole repo,
 * into the folder the copy is in (a partial one with no job left resumes its unfinished files there).
 */
export function downloadRequestFor(entry: ModelListEntry): NewJobRequest {
  const { catalog, job } = entry;
  if (catalog) {
    return {
      repoId: catalog.repoId,
      repoType: catalog.repoType,
      include: catalog.include.length ? catalog.include : undefined,
      localDir: catalog.target && catalog.target !== 'cache' ? catalog.target : undefined,
      name: catalog.name,
    };
  }
  if (job) {
    return {
      repoId: job.repoId,
      repoType: job.repoType,
      revision: job.revision,
      include: job.include.length ? job.include : undefined,
      exclude: job.exclude.length ? job.exclude : undefined,
      localDir: job.localDir ?? undefined,
      name: job.name,
    };
  }
  // A folder's copy (one with no job left in the History) is completed in that folder, not in the HF cache.
  const localDir = entry.installed?.location === 'local' ? entry.installed.localFolder : undefined;
  return {
    repoId: repoIdOf(entry),
    repoType: entry.installed?.repoType ?? 'model',
    ...(localDir ? { localDir } : {}),
  };
}

export type StatusFilter = 'all' | 'installed' | 'partial' | 'not-installed' | 'active';

/**
 * The list's title for each filter: what it shows (all: what is on disk or on its way plus the catalog's
 * suggestions; not installed: mostly those suggestions).
 */
export const STATUS_FILTER_TITLES: Record<StatusFilter, string> = {
  all: 'Installed and suggested',
  installed: 'Installed',
  partial: 'Partly installed',
  'not-installed': 'Not installed',
  active: 'Downloading or failed',
};

/**
 * The rows a filter and a search leave, the user's models first: what is on disk or on its way (installed,
 * partial, queued, downloading, paused, failed) before the catalog's suggestions (*Not installed*), each part
 * in the server's order.
 */
export function filterEntries(
  entries: ModelListEntry[],
  query: string,
  status: StatusFilter,
): ModelListEntry[] {
  const needle = query.trim().toLowerCase();
  const isSuggestion = (entry: ModelListEntry) => entry.status === 'not-installed';
  const ordered = [...entries.filter((entry) => !isSuggestion(entry)), ...entries.filter(isSuggestion)];
  return ordered.filter((entry) => {
    if (status === 'installed' && entry.status !== 'installed') return false;
    if (status === 'partial' && entry.status !== 'partial') return false;
    if (status === 'not-installed' && entry.status !== 'not-installed') return false;
    if (status === 'active' && !['queued', 'downloading', 'paused', 'failed'].includes(entry.status))
      return false;
    if (!needle) return true;
    // The quantizations too, as the row shows them ("Q4_K_M and Q8_0"): "q8_0" finds the repos holding it.
    const haystack = [
      displayName(entry),
      repoIdOf(entry),
      entry.catalog?.description ?? '',
      ...(entry.installed?.quants ?? []),
    ]
      .join(' ')
      .toLowerCase();
    return haystack.includes(needle);
  });
}

/** Splits "a, b\nc" pattern input into a clean list. */
export function parsePatterns(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern.length > 0);
}

/**
 * The server's own repo-id validator (src/hub/repo-id.ts), run before submitting so the form says at once
 * what is wrong. Returns a message or null.
 */
export function repoIdProblem(repoId: string, repoType?: RepoType): string | null {
  if (!repoId.trim()) return 'Enter a repo id such as "org/model-name".';
  return repoIdError(repoId, repoType);
}
