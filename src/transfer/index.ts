/** Public surface of the transfer room: the one download entry point and what a face needs around it. */
export { createConnectionBudget } from './connection-budget.js';
export { type DownloadModelOptions, downloadModel } from './download-model.js';
export { checkFilesOnDisk, finishDownload } from './finish-download.js';
export { DEFAULT_REVISION, planDownload } from './plan-download.js';
export { createRateLimiter, type RateLimiterOptions } from './rate-limiter.js';
export { removePartialFiles, removeTempFiles, tempPrefixesOf } from './remove-partial-files.js';
export type {
  ByteRateLimiter,
  ConnectionBudget,
  DownloadOptions,
  DownloadPlan,
  DownloadRequest,
  DownloadResult,
  PlannedFile,
} from './types.js';
