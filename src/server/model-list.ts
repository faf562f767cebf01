/**
 * GET /api/models: the catalog merged with what is on disk and the live jobs. Pure, so it is tested
 * without a filesystem. An entry's key says where the model lives:
 * `cache:<repoType>/<repoId>` (HF hub cache) or `local:<folder>` (a folder directly under the models dir,
 * the only local dirs the server manages: src/cache/managed-local-dir.ts). A job in any other folder (another
 * program's download into `models/org/name`, a job stored before that rule) has no entry: its last folder
 * name could be a managed folder's key.
 */
import { basename } from 'node:path';
import type { CatalogEntry, InstalledModel, JobView, ModelListEntry } from '../api-types.js';
import { isManagedLocalDir } from '../cache/index.js';
import { diskState, modelStatus } from '../model-status.js';
import type { JobsByModel } from './jobs-by-model.js';

export function cacheKey(repoType: string, repoId: string): string {
  return `cache:${repoType}/${repoId}`;
}

export function localKey(folder: string): string {
  return `local:${folder}`;
}

/** The job's entry key; null for a local dir the server does not manage. */
export function keyOfJob(job: JobView, modelsDir: string): string | null {
  if (job.localDir === null) return cacheKey(job.repoType, job.repoId);
  return isManagedLocalDir(modelsDir, job.localDir) ? localKey(basename(job.localDir)) : null;
}

export function keyOfInstalled(
  model: Pick<InstalledModel, 'location' | 'repoType' | 'repoId' | 'path'>,
): string {
  return model.location === 'cache' ? cacheKey(model.repoType, model.repoId) : localKey(basename(model.path));
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
      entry = { key, catalog: null, installed: null, job: null };
      entries.set(key, entry);
    }
    return entry;
  };
  for (const item of catalog) entryFor(keyOfCatalog(item)).catalog ??= item;
  for (const model of installed) entryFor(keyOfInstalled(model)).installed ??= model;
  // The job that describes an entry best: its latest attempt, first of its model's jobs.
  for (const [key, jobs] of jobsByModel) entryFor(key).job = jobs[0] ?? null;
  return [...entries.values()].map((entry) => ({
    ...entry,
    status: modelStatus(entry.job?.state, diskState(entry.installed)),
  }));
}
