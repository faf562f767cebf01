/**
 * `hubget ls`: each listed model with the latest download plan of hubget's server checked on disk, as GET
 * /api/models checks it (src/server/models-source.ts, src/models/download-plans.ts): the same grouping of jobs
 * by model, the same latest attempt, the same check of what counts as there. The jobs come from the server's
 * store (stored-jobs.ts), read only when the data folder has one: a client that never ran the server does not
 * load better-sqlite3.
 */
import { existsSync } from 'node:fs';
import type { PlanCheck } from '../api-types.js';
import { hasInstalledLocation, type ScannedModel } from '../cache/index.js';
import { checkPlanOnDisk, type DownloadPlan } from '../cache/plan-on-disk.js';
import { iso } from '../jobs/job-view.js';
import { keyOfInstalled } from '../model-keys.js';
import { planLookup } from '../models/download-plans.js';
import { groupJobsByModel } from '../models/jobs-by-model.js';
import type { StoredJob } from '../store/index.js';
// Not the store barrel: it loads better-sqlite3.
import { storeFilePath } from '../store/store-file.js';

/** A listed model, with the server's latest plan of it checked on disk (null: none, or not of a snapshot here). */
export type ListedModel = ScannedModel & { plan: PlanCheck | null };

/** A stored job as the job service shows it (src/jobs/job-view.ts): every stored job is one of hubget's downloads. */
function asShown(job: StoredJob) {
  return {
    id: job.id,
    kind: 'download' as const,
    commit: job.commit,
    localDir: job.localDir,
    repoType: job.repoType,
    repoId: job.repoId,
    state: job.state,
    createdAt: new Date(job.createdAt).toISOString(),
    finishedAt: iso(job.finishedAt),
  };
}

/** The server's latest plan of each key (model-list.ts keys; a local dir's relative to `modelsDir`) that has one. */
async function storedPlans(
  dataDir: string,
  modelsDir: string,
  keys: readonly string[],
): Promise<Map<string, DownloadPlan>> {
  const plans = new Map<string, DownloadPlan>();
  if (keys.length === 0 || !existsSync(storeFilePath(dataDir))) return plans;
  const { withStoredJobs } = await import('./stored-jobs.js');
  withStoredJobs(dataDir, (jobs, filesOf) => {
    const planOf = planLookup(groupJobsByModel(jobs.map(asShown), modelsDir), filesOf);
    for (const key of keys) {
      const plan = planOf(key);
      if (plan) plans.set(key, plan);
    }
  });
  return plans;
}

/**
 * A store that cannot be read (not a database, no permission) leaves the models listed without plans:
 * `onWarning` names it, as the cache scan's warnings name what they could not read.
 */
async function storedPlansOrNone(
  dataDir: string,
  modelsDir: string,
  keys: readonly string[],
  onWarning: (path: string, message: string) => void,
): Promise<Map<string, DownloadPlan>> {
  try {
    return await storedPlans(dataDir, modelsDir, keys);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    onWarning(
      storeFilePath(dataDir),
      `cannot read hubget server's jobs (${message}); states from disk alone`,
    );
    return new Map();
  }
}

export async function withPlans(
  models: readonly ScannedModel[],
  dataDir: string,
  modelsDir: string,
  onWarning: (path: string, message: string) => void,
): Promise<ListedModel[]> {
  const keyOf = (model: ScannedModel) => (hasInstalledLocation(model) ? keyOfInstalled(model) : null);
  const keys = models.map(keyOf).filter((key) => key !== null);
  const plans = await storedPlansOrNone(dataDir, modelsDir, keys, onWarning);
  return Promise.all(
    models.map(async (model) => {
      const key = keyOf(model);
      const plan = key === null ? undefined : plans.get(key);
      return { ...model, plan: plan ? await checkPlanOnDisk(model, plan) : null };
    }),
  );
}
