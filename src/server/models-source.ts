/**
 * The models port over the cache room: installed models from the hub cache and the local dirs under the models
 * dir (those directly under it read on every call, those in sub-folders from a kept walk: sub-folder-local-dirs.ts),
 * each with hubget's latest download plan of it checked on disk (docs/api-models.md, model status), and deletion
 * through plan-then-execute: the route has already refused while a job of this server uses the target; here
 * any other download that owns files there refuses it (src/transfer/downloads-here.ts, as `hubget rm`).
 */

import type { QuantDeletion } from '../api-quant-types.js';
import type { CatalogEntry, InstalledModel } from '../api-types.js';
import {
  deleteQuantFromCache,
  deleteQuantFromLocalDir,
  describeLocalDirs,
  hasInstalledLocation,
  type LocalQuantDeletionPlan,
  planLocalDirDeletion,
  planLocalQuantDeletion,
  planQuantDeletion,
  type QuantDeletionPlan,
  scanHubCache,
  scanManagedLocalDirs,
} from '../cache/index.js';
import { checkPlanOnDisk } from '../cache/plan-on-disk.js';
import { keyOfInstalled } from '../model-keys.js';
import { NO_PLANS, type PlanLookup } from '../models/download-plans.js';
import { removeWhileNoDownloads } from '../transfer/downloads-here.js';
import type { ModelsSource } from './deps.js';
import {
  carryOut,
  deleteTogether,
  type PlannedModelDeletion,
  planCachedModelDeletion,
  planLocalModelDeletion,
} from './models-deletion.js';
import { createSubFolderLocalDirs, type SubFolderLocalDirs } from './sub-folder-local-dirs.js';

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
  /** The kept walk for local dirs in sub-folders (the server renews it when jobs end); else one of its own. */
  subFolderLocalDirs?: SubFolderLocalDirs;
}

function quantDeletionOf(plan: QuantDeletionPlan | LocalQuantDeletionPlan): QuantDeletion {
  return {
    quant: plan.quant,
    commits: plan.commits,
    files: plan.quantFiles,
    freedBytes: plan.freedBytes,
    remaining: plan.remaining,
    deletedPaths: plan.paths,
  };
}

export function createModelsSource(options: ModelsSourceOptions): ModelsSource {
  const subFolders = options.subFolderLocalDirs ?? createSubFolderLocalDirs(options.modelsDir);
  return {
    catalog: () => options.loadCatalog(),
    async installed(givenPlans?: PlanLookup): Promise<InstalledModel[]> {
      const [cached, managed, inSubFolders] = await Promise.all([
        scanHubCache(options.hubCacheDir, {
          onWarning: (warning) => options.onWarning?.(JSON.stringify(warning)),
        }),
        scanManagedLocalDirs(options.modelsDir),
        subFolders.list().then((dirs) => describeLocalDirs(options.modelsDir, dirs)),
      ]);
      const planOf = givenPlans ?? options.plans?.() ?? NO_PLANS;
      // Every one has an InstalledLocation: the managed local dirs lie under the models dir and the sub-folder
      // walk leaves the models dir itself out, the one local dir without a folder (scanned-model.ts).
      return Promise.all(
        [...cached, ...managed, ...inSubFolders].filter(hasInstalledLocation).map(async (model) => {
          const plan = planOf(keyOfInstalled(model));
          return { ...model, plan: plan ? await checkPlanOnDisk(model, plan) : null };
        }),
      );
    },
    async deleteCached(ref) {
      // Planned again under the claims mutex (the revision as resolved then): a download may have added a
      // revision or blobs since.
      const done = await carryOut(await planCachedModelDeletion(options.hubCacheDir, ref));
      return { freedBytes: done.freedBytes, deletedPaths: done.deletedPaths };
    },
    async deleteQuant(ref, execute) {
      const repo = { repoId: ref.repoId, repoType: ref.repoType };
      const revisions = ref.revision === undefined ? undefined : [ref.revision];
      const planNow = () => planQuantDeletion(options.hubCacheDir, repo, ref.quant, revisions);
      const plan = await planNow();
      if (!execute) return quantDeletionOf(plan);
      // Planned again under the claims mutex: a download may have linked the same blobs since.
      const now = await removeWhileNoDownloads(
        ref.repoId,
        { kind: 'cache', cacheDir: plan.cacheDir, repo },
        async () => {
          const again = await planNow();
          await deleteQuantFromCache(again);
          return again;
        },
      );
      return quantDeletionOf(now);
    },
    async deleteLocalQuant(folder, quant, execute) {
      // The folder checked as its whole deletion checks it: under the models dir, a download folder, not the
      // home folder or the hub cache.
      const planNow = async () => {
        const dir = await planLocalDirDeletion(options.modelsDir, folder, {
          protectedPaths: [options.hubCacheDir],
        });
        return planLocalQuantDeletion(dir.path, folder, quant);
      };
      const plan = await planNow();
      if (!execute) return quantDeletionOf(plan);
      // Planned again under the claims mutex, as the cached repo's quantization is.
      const now = await removeWhileNoDownloads(
        `Folder ${folder}`,
        { kind: 'local', localDir: plan.localDir },
        async () => {
          const again = await planNow();
          await deleteQuantFromLocalDir(again);
          return again;
        },
      );
      return quantDeletionOf(now);
    },
    async deleteLocal(folder) {
      // Planned again under the claims mutex, as the cached repo's deletion is.
      const done = await carryOut(
        await planLocalModelDeletion(options.modelsDir, options.hubCacheDir, folder),
      );
      subFolders.invalidate();
      return { freedBytes: done.freedBytes, deletedPaths: done.deletedPaths };
    },
    async deleteModels(refs, execute) {
      const planned: PlannedModelDeletion[] = [];
      for (const ref of refs) {
        planned.push(
          'localFolder' in ref
            ? await planLocalModelDeletion(options.modelsDir, options.hubCacheDir, ref.localFolder)
            : await planCachedModelDeletion(options.hubCacheDir, ref),
        );
      }
      try {
        return await deleteTogether(planned, execute);
      } finally {
        if (execute && refs.some((ref) => 'localFolder' in ref)) subFolders.invalidate();
      }
    },
  };
}
