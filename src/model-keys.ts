/**
 * A model's key, as GET /api/models names its entry (docs/api-models.md) and the live `verification` event names the
 * model it hashes: `cache:<repoType>/<repoId>` (HF hub cache) or `local:<folder>`, the local dir's path relative to
 * the models dir. Pure (types only), so the web UI derives the same key as the server.
 */
import type { ModelToDeleteRef } from './api-models-deletion-types.js';
import type { InstalledLocation, InstalledModel } from './api-types.js';

export function cacheKey(repoType: string, repoId: string): string {
  return `cache:${repoType}/${repoId}`;
}

export function localKey(folder: string): string {
  return `local:${folder}`;
}

export function keyOfInstalled(
  model: Pick<InstalledModel, 'repoType' | 'repoId'> & InstalledLocation,
): string {
  if (model.location === 'cache') return cacheKey(model.repoType, model.repoId);
  return localKey(model.localFolder);
}

/** The key of a model a request names (a repo in the HF cache, or a local dir's folder). */
export function keyOfModelRef(ref: ModelToDeleteRef): string {
  return 'localFolder' in ref ? localKey(ref.localFolder) : cacheKey(ref.repoType, ref.repoId);
}
