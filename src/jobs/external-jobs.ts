/**
 * Downloads run by other programs (huggingface_hub, `hf download`, …) seen by the progress room's external
 * watcher, shown as JobViews of kind 'external': always `running`, never persisted, not controllable.
 */

import type { JobView } from '../api-types.js';
import { toHubgetError } from '../errors.js';
import { listRepoFiles } from '../hub/list-files.js';
import { isFullCommit } from '../hub/repo-id.js';
import { getRepoInfo } from '../hub/resolve-snapshot.js';
import { ONE_TRY_RETRY_POLICY } from '../hub/retry-policy.js';
import type { RepoRef } from '../hub/types.js';
import { NO_INTERRUPTIONS } from '../job-interruptions.js';
import { etaSeconds } from '../progress/eta.js';
import {
  createExternalWatcher,
  type ExternalDownload,
  type ExternalWatcher,
} from '../progress/external-watcher.js';
import type { ExternalJobSource, ExternalSourceContext } from './job-service-options.js';

export interface ExternalJobSourceOptions {
  hubCacheDir: string;
  modelsDir: string;
  /** @default 1000 */
  intervalMs?: number;
  /** A failed Hub lookup is tried again after this long. @default 60000 */
  lookupRetryMs?: number;
  /** The repo of a local folder without hubget's marker (e.g. a catalog entry's target folder). */
  repoForLocalDir?: (folder: string) => RepoRef | null;
  /** Unix ms (tests). @default Date.now */
  now?: () => number;
}

/** `nowMs`: the watcher's clock, for how long its files have not changed. */
export function toExternalJobView(download: ExternalDownload, nowMs: number): JobView {
  const at = new Date(download.lastActivityAt).toISOString();
  const total = download.total ?? 0;
  return {
    id: download.id,
    kind: 'external',
    state: 'running',
    repair: false,
    name: download.repoId?.split('/').pop() ?? download.folder.split('/').pop() ?? download.folder,
    repoId: download.repoId ?? '',
    repoType: download.repoType,
    revision: '',
    commit: null,
    include: [],
    exclude: [],
    localDir: download.location === 'local' ? download.folder : null,
    downloaded: download.downloaded,
    total,
    percent: download.percent ?? 0,
    speed: Math.round(download.bytesPerSecond),
    eta:
      total > 0 && !download.stalled
        ? etaSeconds(total - download.downloaded, {
            bytesPerSecond: download.bytesPerSecond,
            sampledMs: download.rateSampledMs,
          })
        : null,
    filesDone: download.filesDone,
    filesTotal: 0,
    stalled: download.stalled,
    stallReason: download.stallReason,
    noDataSeconds: Math.max(0, Math.floor((nowMs - download.lastActivityAt) / 1000)),
    retrying: null,
    waits: [],
    connections: 0,
    connectionsReason: null,
    waitingFor: null,
    hubgetRuns: download.hubgetRuns,
    error: null,
    bandwidthLimit: 0,
    queuePosition: null,
    createdAt: at,
    startedAt: at,
    finishedAt: null,
    lastActivityAt: at,
    fetchedBytes: null,
    otherRunBytes: null,
    copiedBytes: null,
    linkedBytes: null,
    fetchingMs: null,
    hubWaitedMs: null,
    interruptions: NO_INTERRUPTIONS,
    resultPath: download.folder,
  };
}

/**
 * Runs the watcher. `lookupTotal` asks the Hub for the repo's size at the revision hint, once per
 * repo/revision (failures are retried after `lookupRetryMs`, so an offline Hub is not hammered).
 */
export function createExternalJobSource(
  context: ExternalSourceContext,
  options: ExternalJobSourceOptions,
): ExternalJobSource {
  const totals = new Map<string, { total: Promise<number | null>; failedAt?: number }>();
  const lookupRetryMs = options.lookupRetryMs ?? 60_000;
  const lookupTotal = (repo: RepoRef, revisionHint?: string): Promise<number | null> => {
    const key = `${repo.repoType}:${repo.repoId}@${revisionHint ?? 'main'}`;
    const cached = totals.get(key);
    if (cached && (cached.failedAt === undefined || Date.now() - cached.failedAt < lookupRetryMs)) {
      return cached.total;
    }
    const entry: { total: Promise<number | null>; failedAt?: number } = { total: Promise.resolve(null) };
    entry.total = (async () => {
      try {
        const hub = context.hub();
        const commit = isFullCommit(revisionHint ?? '')
          ? revisionHint!
          : (
              await getRepoInfo({
                hub,
                repo,
                revision: revisionHint ?? 'main',
                retry: ONE_TRY_RETRY_POLICY,
              })
            ).commit;
        const files = await listRepoFiles({ hub, repo, commit, retry: ONE_TRY_RETRY_POLICY });
        return files.reduce((sum, file) => sum + (file.lfs?.size ?? file.size), 0);
      } catch (error) {
        entry.failedAt = Date.now();
        context.logger.info(
          { repoId: repo.repoId, error: toHubgetError(error, 'HUB_HTTP_ERROR').toJSON() },
          'Size of an external download unknown (Hub listing failed)',
        );
        return null;
      }
    })();
    totals.set(key, entry);
    return entry.total;
  };
  const watcher: ExternalWatcher = createExternalWatcher({
    hubCacheDir: options.hubCacheDir,
    modelsDir: options.modelsDir,
    // The getter, not its value: a changed setting reaches downloads already being watched.
    stallTimeoutMs: context.stallTimeoutMs,
    intervalMs: options.intervalMs ?? 1000,
    isOwnTempFile: context.isOwnTempFile,
    lookupTotal,
    ...(options.repoForLocalDir ? { repoForLocalDir: options.repoForLocalDir } : {}),
    ...(options.now ? { now: options.now } : {}),
    // Passed as is: pino's methods need their own `this` (a spread copy throws on first use).
    logger: context.logger,
  });
  watcher.start();
  return {
    list: () => {
      const nowMs = (options.now ?? Date.now)();
      return watcher.list().map((download) => toExternalJobView(download, nowMs));
    },
    stop: () => watcher.stop(),
  };
}
