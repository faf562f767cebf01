/** Public surface of the mirror room (docs/mirror.md): the HTTP face calls MirrorService only. */

export { RateLimitWindows } from '../hub/rate-limit-windows.js';
export { clientAgent } from './client-agent.js';
export { createJobFetcher } from './job-fetcher.js';
export { MirrorError } from './mirror-errors.js';
export {
  type MirrorReply,
  type MirrorRequest,
  MirrorService,
  type MirrorServiceOptions,
} from './mirror-service.js';
export {
  MIRROR_RESULTS,
  type MirrorClientPull,
  type MirrorResult,
  MirrorStats,
  type MirrorStatsSnapshot,
} from './mirror-stats.js';
export type { BlobFetcher, BlobFetchRequest } from './pull-through.js';
export { rateLimitQuota } from './rate-limit-quota.js';
