export {
  DEFAULT_DOWNSAMPLING,
  type DownsamplingTier,
  downsampleSpeedSamples,
} from './speed-downsampling.js';
export { openSqliteStore } from './sqlite-store.js';
export { STORE_FILE_NAME, storeFilePath } from './store-file.js';
export { deleteTokenFile, readTokenFile, storedTokenFilePath, writeTokenFile } from './token-file.js';
export type { JobPatch, Store, StoredJob, StoredJobFile, StoredSpeedSample } from './types.js';
