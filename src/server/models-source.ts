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
import { checkPlanOnDisk } from '../cache/plan-on-disk.js';
import type { ModelsSource } from './deps.js';
import type { PlanLookup } from './download-plans.js';
import { keyOfInstalled } from './model-list.js';

export interface ModelsSourceOptions {
  hubCacheDir: string;
  modelsDir: string;
  loadCatalog: () => Promise<CatalogEntry[]>;
  onWarning?: (message: string) => void;
  /**
   * The latest download plans (download-plans.ts), for a call of `installed()` given none; without either, no
   * plan applies.
   */
  plans?: () => PlanLookup;
}

export function createModelsSource(options: ModelsSourceOptions): ModelsSource {
  return {
    catalog: () => options.loadCatalog(),
    async installed(givenPlans?: PlanLookup): Promise<InstalledModel[]> {
      const [cached, local] = await Promise.all([
        scanHubCache(options.hubCacheDir, {
          onWarning: (warning) => options.onWarning?.(JSON.stringify(warning)),
        }),
        // The local dirs the server lists, keys and deletes: folders directly under the models dir.
        scanManagedLocalDirs(options.modelsDir),
      ]);
      const planOf = givenPlans ?? options.plans?.() ?? (() => undefined);
      return Promise.all(
        [...cached, ...local].map(async (model) => {
          const plan = planOf(keyOfInstalled(model));
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
