/** Public surface of the cache room: where models live, what is installed, and deleting them. */
export {
  confirmedPlan,
  type DeletionPlan,
  deleteFromCache,
  deletionPlanChanged,
  planDeletion,
} from './delete-cache.js';
export {
  type LocalDirDeletionPlan,
  localDirPlanChanged,
  planDownloadFolderDeletion,
  planLocalDirDeletion,
  removeLocalDir,
} from './delete-local-dir.js';
export {
  deleteQuantFromLocalDir,
  type LocalQuantDeletionPlan,
  localQuantPlanChanged,
  planLocalQuantDeletion,
} from './delete-local-quant.js';
export {
  deleteQuantFromCache,
  planQuantDeletion,
  type QuantDeletionPlan,
  quantPlanChanged,
} from './delete-quant.js';
export { freedTogether, type SharedBlob } from './freed-together.js';
export { localFolderOf } from './local-dir-folder.js';
export { localBookkeepingDir } from './local-dir-layout.js';
export { isManagedLocalDir, localDirNameProblem } from './managed-local-dir.js';
export { repoFolderName } from './repo-folder.js';
export { hasParentSegment, isInside, realFolderInModelsDir, realpathOfExisting } from './safe-path.js';
export {
  type CacheScanWarning,
  describeLocalDirs,
  findLocalDirs,
  type ScannedModel,
  scanHubCache,
  scanHubCacheReport,
  scanLocalDirs,
  scanManagedLocalDirs,
} from './scan-cache.js';
export { readLocalDirMarker, writeLocalDirMarker } from './scan-local-marker.js';
export { hasInstalledLocation } from './scanned-model.js';
