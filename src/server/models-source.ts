/**
 * The models port over the cache room: installed models from the hub cache and the managed local dirs, each
 * with hubget's latest download plan of it checked on disk (docs/api.md, model status), and deletion
 * through plan-then-execute (the route has already refused while a job uses the target).
 */

import type { CatalogEntry, InstalledModel } from '../api-types.js';
import {
  deleteFromCache,
  deleteLocalDir,
  localBookkeepingDir,
  planDeletion,
  scanHubCache,
  scanManagedLocalDirs,
} from '../cache/index.js';
import { checkPlanOnDisk, type DownloadPlan } from '../cache/plan-on-disk.js';
import type { ModelsSource } from './deps.js';
import { keyOfInstalled } from './model-list.js';

export interface ModelsSourceOptions {
  hubCacheDir: string;
  modelsDir: string;
  loadCatalog: () => Promise<CatalogEntry[]>;
  onWarning?: (message: string) => void;
  /** The latest download plan of each model by its key (download-plans.ts); without it, no plan applies. */
  plans?: () => Map<string, DownloadPlan>;
}

export function createModelsSource(options: ModelsSourceOptions): ModelsSource {
  return {
    catalog: () => options.loadCatalog(),
    async installed(): Promise<InstalledModel[]> {
      const [cached, local] = await Promise.all([
        scanHubCache(options.hubCacheDir, {
          onWarning: (warning) => options.onWarning?.(JSON.stringify(warning)),
        }),
        // The local dirs the server lists, keys and deletes: folders directly under the models dir.
        scanManagedLocalDirs(options.modelsDir),
      ]);
      const plans = options.plans?.() ?? new Map<string, DownloadPlan>();
      return Promise.all(
        [...cached, ...local].map(async (model) => {
          const plan = plans.get(keyOfInstalled(model));
          return { ...model, plan: plan ? await checkPlanOnDisk(model, plan) : null };
        }),
      );
    },
    async deleteCached(ref) {
      const plan = await planDeletion(
        options.hubCacheDir,
        { repoId: ref.repoId, repoType: ref.repoType },
        ref.revision === undefined ? undefined : [ref.revision],
      );
      const { freedBytes } = await deleteFromCache(plan);
      return { freedBytes, deletedPaths: plan.wholeRepo ? [plan.repoDir] : plan.paths };
    },
    async deleteLocal(folder) {
      const plan = await deleteLocalDir(options.modelsDir, folder, { protectedPaths: [options.hubCacheDir] });
      const deletedPaths = plan.contents
        ? [...plan.contents.downloaded.map((file) => file.path), localBookkeepingDir(plan.path)]
        : [plan.path];
      return { freedBytes: plan.freedBytes, deletedPaths };
    },
  };
}
