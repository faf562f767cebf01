/**
 * GET /api/models: the catalog merged with what is on disk and the live jobs. Pure, so it is tested
 * without a filesystem. An entry's key says where the model lives:
 * `cache:<repoType>/<repoId>` (HF hub cache) or `local:<folder>`, the local dir's path relative to the models
 * dir (`x` directly under it, `team/x` in a sub-folder: src/cache/local-dir-folder.ts), so two folders of the
 * same name never share an entry. A job in a folder the local-dir scan never finds (outside the models dir,
 * deeper than its depth, under a hidden folder) has no entry.
 */
import type { CatalogEntry, InstalledModel, JobView, ModelListEntry } from '../api-types.js';
import { localFolderOf } from '../cache/index.js';
import { isActiveJob } from '../jobs/active-jobs.js';
import { cacheKey, keyOfInstalled, localKey } from '../model-keys.js';
import { diskState, leadingJob, modelStatus } from '../model-status.js';
import type { JobsByModel } from './jobs-by-model.js';

/** The job's entry key; null for a local dir the local-dir scan never finds. */
export function keyOfJob(
  job: Pick<JobView, 'localDir' | 'repoType' | 'repoId'>,
  modelsDir: string,
): string | null {
  if (job.localDir === null) return cacheKey(job.repoType, job.repoId);
  const folder = localFolderOf(modelsDir, job.localDir);
  return folder === null ? null : localKey(folder);
}

function keyOfCatalog(entry: CatalogEntry): string {
  return entry.target === 'cache' ? cacheKey(entry.repoType, entry.repoId) : localKey(entry.target);
}

export function mergeModelList(
  catalog: CatalogEntry[],
  installed: InstalledModel[],
  jobsByModel: JobsByModel,
): ModelListEntry[] {
  const entries = new Map<string, Omit<ModelListEntry, 'status'>>();
  const entryFor = (key: string) => {
    let entry = entries.get(key);
    if (!entry) {
      entry = { key, catalog: null, installed: null, job: null, activeJobs: [] };
      entries.set(key, entry);
    }
    return entry;
  };
  for (const item of catalog) entryFor(keyOfCatalog(item)).catalog ??= item;
  for (const model of installed) entryFor(keyOfInstalled(model)).installed ??= model;
  // The job that describes an entry best: the leading one of its active jobs (the web's rule too,
  // src/model-status.ts), else its latest attempt, first of its model's jobs.
  for (const [key, jobs] of jobsByModel) {
    const entry = entryFor(key);
    entry.activeJobs = jobs.filter(isActiveJob);
    entry.job = leadingJob(entry.activeJobs) ?? jobs[0] ?? null;
  }
  return [...entries.values()].map((entry) => ({
    ...entry,
    status: modelStatus(entry.job?.state, diskState(entry.installed)),
  }));
}
