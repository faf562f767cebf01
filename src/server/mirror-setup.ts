/**
 * Builds the mirror for `serve --mirror`: its upstream is the server's own Hub endpoint and token, read at
 * each use from the jobs service (the stored settings first, then HF_ENDPOINT / HF_TOKEN), so its metadata
 * calls and its pull jobs always ask the same upstream; its cache the server's hub cache, its downloads jobs
 * of the jobs service.
 */
import { join } from 'node:path';
import type { FailedAttempts, JobService, WrittenRanges } from '../jobs/index.js';
import { createJobFetcher, MirrorService, MirrorStats, type RateLimitWindows } from '../mirror/index.js';

export interface MirrorSetup {
  offline: boolean;
  hubCacheDir: string;
  dataDir: string;
  jobs: JobService;
  /** The ranges the jobs write (given to the jobs service too): clients get bytes as they land. */
  writtenRanges?: WrittenRanges;
  /** The jobs' failed attempts (given to the jobs service too): an upstream gone is noticed at the first. */
  failedAttempts?: FailedAttempts;
  log?: (message: string, details: object) => void;
  /** The server log's warnings (MirrorServiceOptions.warn). */
  warn?: (message: string, details: object) => void;
  /** The server log's debug lines (MirrorServiceOptions.debug). */
  debug?: (message: string, details: object) => void;
  /**
   * The mirror's remembered `429` waits, made before it: the server's own Hub calls to the same upstream with the
   * same token (search, model pages, the download preview) share them (src/mirror/rate-limit-quota.ts).
   */
  rateLimits?: RateLimitWindows;
}

export async function createMirror(setup: MirrorSetup): Promise<MirrorService> {
  const stats = new MirrorStats();
  const mirror = new MirrorService({
    hub: () => setup.jobs.hubConfig(),
    offline: setup.offline,
    cacheDir: setup.hubCacheDir,
    visibilityPath: join(setup.dataDir, 'mirror-repos.json'),
    listingsDir: join(setup.dataDir, 'mirror-listings'),
    tagsDir: join(setup.dataDir, 'mirror-tags'),
    countersPath: join(setup.dataDir, 'mirror-counters.json'),
    stats,
    ...(setup.rateLimits === undefined ? {} : { rateLimits: setup.rateLimits }),
    ...(setup.warn === undefined ? {} : { warn: setup.warn }),
    ...(setup.debug === undefined ? {} : { debug: setup.debug }),
    ...(setup.log === undefined ? {} : { log: setup.log }),
    fetcher: createJobFetcher({
      jobs: setup.jobs,
      ...(setup.writtenRanges === undefined ? {} : { writtenRanges: setup.writtenRanges }),
      ...(setup.failedAttempts === undefined ? {} : { failedAttempts: setup.failedAttempts }),
      onUpstreamBytes: (bytes) => stats.upstream(bytes),
      ...(setup.log === undefined ? {} : { log: setup.log }),
    }),
  });
  await mirror.start();
  // The kept listings and tag records that can no longer serve go at start and once a day (prune-records.ts).
  mirror.startPruning((pruned) =>
    setup.log?.('mirror: pruned the records of commits and repos the cache no longer holds', pruned),
  );
  return mirror;
}
