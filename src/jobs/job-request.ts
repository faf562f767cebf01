/**
 * A download request as the jobs service takes it: validated once (create, preview and the duplicate check
 * work from the normalised form), keyed for duplicate detection, and turned into the engine's request.
 */
import { randomUUID } from 'node:crypto';
import type { ApiRepoType, NewJobRequest } from '../api-types.js';
import { HubgetError } from '../errors.js';
import { fieldError } from '../field-error.js';
import type { DownloadSize } from '../hub/download-access.js';
import type { HubConfig, RepoRef } from '../hub/types.js';
import type { StoredJob } from '../store/types.js';
import type { DownloadRequest } from '../transfer/types.js';
import { NO_STORED_INTERRUPTIONS } from './job-interruptions.js';
import { resolveLocalDir } from './local-dir.js';
import { checkRequestLimits } from './request-limits.js';

export type JobTarget = Pick<
  StoredJob,
  'repoId' | 'repoType' | 'revision' | 'include' | 'exclude' | 'localDir'
>;

/** The patterns without repeats (checkRequestLimits has already checked them). */
function patternList(value: readonly string[] | undefined): string[] {
  return value === undefined ? [] : [...new Set(value)];
}

interface NormalizeContext {
  parseRepoRef: (repoId: string, repoType?: ApiRepoType) => RepoRef;
  modelsDir: string;
}

/** Validates a request (INVALID_REPO_ID, INVALID_ARGUMENT, UNSAFE_PATH) and resolves its local dir. */
export function normalizeJobRequest(request: NewJobRequest, context: NormalizeContext): JobTarget {
  if (typeof request.repoId !== 'string') throw new HubgetError('INVALID_REPO_ID', 'repoId is required');
  checkRequestLimits(request);
  const repo = context.parseRepoRef(request.repoId, request.repoType);
  const revision = request.revision ?? 'main';
  if (!/^[^\s\0]+$/.test(revision)) {
    throw fieldError('revision', 'must be a branch, tag or commit without spaces');
  }
  return {
    repoId: repo.repoId,
    repoType: repo.repoType as ApiRepoType,
    revision,
    include: patternList(request.include),
    exclude: patternList(request.exclude),
    localDir:
      request.localDir === undefined || request.localDir === null
        ? null
        : resolveLocalDir(context.modelsDir, request.localDir),
  };
}

/**
 * The engine's request for a job: its local dir, or the hub cache (copying what finished local-dir downloads of
 * the repo under the models dir hold: src/transfer/local-dir-copies.ts); the Hub settings in effect now.
 */
export function toDownloadRequest(
  job: JobTarget,
  { hubCacheDir, modelsDir }: { hubCacheDir: string; modelsDir: string },
  hub: HubConfig,
): DownloadRequest {
  return {
    repo: { repoId: job.repoId, repoType: job.repoType },
    revision: job.revision,
    ...(job.include.length > 0 ? { include: job.include } : {}),
    ...(job.exclude.length > 0 ? { exclude: job.exclude } : {}),
    // A local dir copies what the server's HF cache holds (not the one of the server's environment).
    cacheDir: hubCacheDir,
    ...(job.localDir === null ? { modelsDir } : { localDir: job.localDir }),
    hub,
  };
}

/**
 * A new queued job for a validated target and limit: the request's name, else the repo's; its size when the
 * Hub check told it (download-check.ts), else 0 until its plan.
 */
export function newStoredJob(
  target: JobTarget,
  request: Pick<NewJobRequest, 'name'>,
  at: {
    createdAt: number;
    queueOrder: number;
    bandwidthLimit: number;
    size?: DownloadSize | undefined;
    startNow?: boolean | undefined;
    repair?: boolean | undefined;
  },
): StoredJob {
  const { bandwidthLimit } = at;
  const name =
    typeof request.name === 'string' && request.name.trim() !== '' ? request.name.trim() : undefined;
  return {
    id: randomUUID(),
    ...target,
    name: name ?? target.repoId.split('/').pop()!,
    bandwidthLimit,
    state: 'queued',
    commit: null,
    totalBytes: at.size?.bytes ?? 0,
    downloadedBytes: 0,
    filesTotal: at.size?.files ?? 0,
    filesDone: 0,
    errorCode: null,
    errorMessage: null,
    createdAt: at.createdAt,
    startedAt: null,
    finishedAt: null,
    lastActivityAt: null,
    fetchedBytes: 0,
    otherRunBytes: 0,
    copiedBytes: 0,
    linkedBytes: 0,
    fetchingMs: 0,
    hubWaitedMs: 0,
    ...NO_STORED_INTERRUPTIONS,
    startNow: at.startNow === true,
    repair: at.repair === true,
    queueOrder: at.queueOrder,
    resultPath: target.localDir,
    tempPrefixes: [],
  };
}
