/**
 * What a scan of the disk tells of one installed repo (the cache scan, the local-dir scan, `hubget ls`):
 * everything of an InstalledModel but the check of hubget's latest download plan, which needs the jobs
 * (the server adds it: src/server/models-source.ts). Where it is, is an InstalledLocation, but for one more
 * case: the models dir itself, when it is a local dir (`hubget ls` lists it), has no folder relative to
 * itself (local-dir-folder.ts). The model list never shows that one.
 */
import type { InstalledLocation, InstalledModel } from '../api-types.js';

export type ScannedModel = Omit<InstalledModel, 'plan' | 'location' | 'localFolder'> &
  (InstalledLocation | { location: 'local'; localFolder: null });

/** Whether a scanned model has an InstalledLocation: every one but the models dir itself as a local dir. */
export function hasInstalledLocation(model: ScannedModel): model is ScannedModel & InstalledLocation {
  return model.location === 'cache' || model.localFolder !== null;
}
