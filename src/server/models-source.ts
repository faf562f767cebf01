/**
 * The models port over the cache room: installed models from the hub cache and the managed local dirs,
 * and deletion through plan-then-execute (the route has already refused while a job uses the target).
 */

import type { CatalogEntry, InstalledModel } from '../api-types.js';
import {
  deleteFromCache,
  deleteLocalDir,
  localBookkeepingDir,
  planDeletion,
  scanHubCache,
  scanLocalDirs,
} from '../cache/index.js';
import type { ModelsSource } from './deps.js';

export interface ModelsSourceOptions {
  hubCacheDir: string;
  modelsDir: string;
  loadCatalog: () => Promise<CatalogEntry[]>;
  onWarning?: (message: string) => void;
}

export function createModelsSource(options: ModelsSourceOptions): ModelsSource {
  return {
    catalog: () => options.loadCatalog(),
    async installed(): Promise<InstalledModel[]> {
      const [cached, local] = await Promise.all([
        scanHubCache(options.hubCacheDir, {
          onWarning: (warning) => options.onWarning?.(JSON.stringify(warning)),
        }),
        scanLocalDirs(options.modelsDir),
      ]);
      return [...cached, ...local];
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
