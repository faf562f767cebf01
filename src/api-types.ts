/**
 * The HTTP API's request, response and event shapes: made by the jobs service, sent by the server, read by
 * the web UI. Beside src/errors.ts, outside every room (no src/server import); plain types, for web/ too.
 */

import type { ApiError } from './api-error-types.js';
import type { Settings } from './api-settings-types.js';
import type { NetworkStats } from './api-system-types.js';
import type { VerificationProgress } from './api-verify-types.js';
import type { CopyPlace } from './format/copy-places.js';
import type { RetryLimit, UnreachableHost } from './hub/retry-policy.js';
import type { JobInterruptions } from './job-interruptions.js';
import type { ModelStatus } from './model-status.js';
import type { ConnectionsReason } from './progress/connections-reason.js';

export type { ModelStatus } from './model-status.js';
export type ApiRepoType = 'model' | 'dataset' | 'space';
export type JobState = 'queued' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';
export type JobKind = 'download' | 'external';

/** POST /api/downloads body. */
export interface NewJobRequest {
  repoId: string;
  repoType?: ApiRepoType;
  revision?: string;
  include?: string[];
  exclude?: string[];
  /** Folder name (relative, under the models dir) or absolute path for local-dir mode; omitted = HF cache. */
  localDir?: string;
  name?: string;
  /** Per-job bandwidth limit in bytes/s, 0 = none. */
  bandwidthLimit?: number;
}

export type { ApiError, HttpOnlyErrorCode } from './api-error-types.js';

export interface JobView {
  id: string;
  kind: JobKind;
  state: JobState;
  name: string;
  /**
   * A repair: the job fetches again the files a verification found not intact (POST /api/models/verify with
   * `repair`, the web's "Download them again"), each named in `include` as itself, so its bytes and percent are
   * those files', not the model's. false for any other download and for another program's.
   */
  repair: boolean;
  repoId: string;
  repoType: ApiRepoType;
  revision: string;
  commit: string | null;
  include: string[];
  exclude: string[];
  localDir: string | null;
  /** Bytes on disk (present + fetched). */
  downloaded: number;
  total: number;
  /** 0–100, one decimal. */
  percent: number;
  /** Bytes/s, smoothed over a few seconds. */
  speed: number;
  /** Seconds, null when unknown. */
  eta: number | null;
  filesDone: number;
  filesTotal: number;
  stalled: boolean;
  stallReason: string | null;
  /**
   * Running jobs: whole seconds since a byte last arrived (or the run began) while bytes are still missing,
   * for external downloads since their files last changed; 0 otherwise. Counts up from the first quiet
   * second, long before `stalled` (the stall timeout) is set.
   */
  noDataSeconds: number;
  /**
   * The last retry of a request since a byte last arrived (what failed, which try, the host nothing answered
   * on if that is why): a range request, or before the plan a Hub call of the listing. A job riding out an
   * outage says so instead of only "no data". null once bytes arrive or the listing answers, or not running.
   * `limit`: how long or how many times such failures are retried before the job fails (the engine's
   * RetryLimit: `{ forMs }` an outage under the server's time budget, else `{ failures }`); null if not known.
   * A file's retry stays until that file's bytes arrive: while one file waits out a `429`, another's bytes do not
   * hide it. The message does not say the wait (`waits` does, counted down).
   */
  retrying: {
    attempt: number;
    message: string;
    unreachable: UnreachableHost | null;
    limit: RetryLimit | null;
  } | null;
  /**
   * The job's requests that wait before their next try because the Hub answered 408, 429 or 5xx (a `429`'s
   * Retry-After, a `5xx` backoff), one per file ('' the listing), from the moment the wait begins, whatever the
   * job's other files do; in the order the files first waited. [] when none, or not running (docs/jobs.md).
   */
  waits: RetryWaitView[];
  /** Range connections the job has open right now (adaptive, 0 when not running). */
  connections: number;
  /**
   * Why that many (src/progress/connections-reason.ts): the reason of the file with the most connections
   * open; null when none is open or the job is not running.
   */
  connectionsReason: ConnectionsReason | null;
  /** Files a running job waits for while another hubget download fetches them; null when none (or not running). */
  waitingFor: JobWaitingFor | null;
  /**
   * An external download written by hubget runs of other processes (`hubget download` in a terminal, another
   * server's jobs): who, `pid 4242` or `pid 4242 on build-2`, the words of a waiting job's `waitingFor.owners`, so
   * a face can tell which job waits for it (src/jobs/waited-downloads.ts). [] for hubget's own jobs and for other
   * programs' downloads.
   */
  hubgetRuns: string[];
  error: ApiError | null;
  bandwidthLimit: number;
  /** Position in the queue (queued jobs only), 0-based. */
  queuePosition: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  lastActivityAt: string | null;
  /**
   * Bytes the job fetched over the network, all its runs together: bytes already on disk (or copied from
   * the HF cache) are not counted, so 0 for a download that found everything there. null when not recorded
   * (jobs from before hubget recorded it, external downloads).
   */
  fetchedBytes: number | null;
  /**
   * Bytes of the job's files another hubget download (the CLI, another job) fetched while the job waited for
   * them, all its runs together: counted once each file is in place, never in `fetchedBytes`. null when not
   * recorded (jobs from before hubget recorded it, external downloads).
   */
  otherRunBytes: number | null;
  /**
   * local-dir jobs: bytes of files copied from the HF cache's blobs instead of fetched, all runs together
   * (never in `fetchedBytes`). null when not recorded (jobs from before hubget recorded it, external downloads).
   */
  copiedBytes: number | null;
  /**
   * Of copiedBytes, those hard-linked from another repo's folder in the HF cache instead of copied (a fork's weights:
   * docs/cache-hard-links.md), which take no room. null when not recorded (jobs from before hubget recorded it).
   */
  linkedBytes: number | null;
  /** Where they were copied from: each place its files' records name (`JobFileView.copiedFrom`) once; absent: none. */
  copiedFrom?: CopyPlace[];
  /**
   * Milliseconds the job's runs were fetching over the network, all runs together: what `fetchedBytes`
   * took, without pauses, queueing or waiting for another download. null when not recorded.
   */
  fetchingMs: number | null;
  /**
   * Milliseconds in which every file fetched waited for the Hub (429, 5xx), all runs together: not in `fetchingMs`.
   * null when not recorded (jobs from before migration 13, external downloads).
   */
  hubWaitedMs: number | null;
  /** Server stops (crashes told from clean shutdowns) that cut the job's runs short: src/job-interruptions.ts. */
  interruptions: JobInterruptions;
  /**
   * Where the files are: a local dir from the job's creation on, in any state (a cancelled job's kept files are
   * there); the snapshot folder of a cache job once completed, else null (docs/api.md).
   */
  resultPath: string | null;
}

/** One request's wait before its next try (JobView.waits), in words: src/format/retry-wait-words.ts. */
export interface RetryWaitView {
  /** The file; '' for a Hub call of the listing. */
  path: string;
  /** The Hub's answer that asks to retry: 429, 503… */
  status: number;
  /**
   * What that answer was, as the engine reports it (the retry's error): its code (`RATE_LIMITED` for a `429`, else
   * `HUB_HTTP_ERROR`) and message, without the wait the message may say (`leftMs` and `askedLeftMs` say it).
   */
  code: string;
  message: string;
  /** Milliseconds left at the update (the server's clock), counted down at each one (at least once a second). */
  leftMs: number;
  /**
   * Of that, what is left of the wait the Hub itself asked for (its `Retry-After`, a `429`'s `RateLimit` reset),
   * counted down the same way; null when it asked for none (the next try then comes after the policy's backoff).
   * `leftMs` is that wait within the retry policy's cap, or the backoff.
   */
  askedLeftMs: number | null;
  /** Failed tries so far: the next is attempt + 1. */
  attempt: number;
  /** How long or how many times such failures are retried (as `retrying`'s); null if not known. */
  limit: RetryLimit | null;
  /** The next try is the last one if it fails too (a wait that outlasts the time left of the budget). */
  lastTry: boolean;
}

/**
 * Files another hubget download (another process, or another job of this server) is fetching, which a
 * running job waits for instead of fetching them itself: their bytes count in its `downloaded` as they land.
 */
export interface JobWaitingFor {
  files: number;
  /** Their size, all together. */
  bytes: number;
  /** Who fetches them, in the order first seen: `pid 4242`, or `pid 4242 on build-2` on another host. */
  owners: string[];
}

export interface JobFileView {
  path: string;
  size: number;
  downloaded: number;
  state: 'pending' | 'present' | 'downloading' | 'verified' | 'failed';
  /** Where the job copied it from instead of fetching; absent: fetched, already there, stored before migration 12. */
  copiedFrom?: CopyPlace;
}

export interface SpeedSample {
  /** Unix ms. */
  t: number;
  /** Bytes/s. */
  bytesPerSecond: number;
  /** The job's bytes on disk (`JobView.downloaded`): also grows with bytes another download lands for it. */
  downloaded: number;
  /**
   * The job's `fetchedBytes` then: what it fetched over the network itself, all its runs together. null for
   * samples stored before hubget recorded it (migration 5), or while the job's count is not recorded.
   */
  fetchedBytes: number | null;
}

// ---- Download preview: src/api-preview-types.ts ----
export type { PreviewFile, PreviewQuery, PreviewResponse } from './api-preview-types.js';
// ---- Settings: src/api-settings-types.ts ----
export type { HfTokenSource, Settings, SettingsUpdate } from './api-settings-types.js';

export interface InstalledRevision {
  commit: string;
  refs: string[];
  sizeOnDisk: number;
  files: number;
  lastModified: string;
  path: string;
}

/**
 * hubget's latest download plan of an installed model checked against the disk (docs/api-models.md, model status):
 * the files that download listed for its revision, and how many of them are not there.
 */
export interface PlanCheck {
  /** The job whose plan it is (it may have been retried since, or be another than the entry's `job`). */
  jobId: string;
  commit: string;
  files: number;
  bytes: number;
  missingFiles: number;
  missingBytes: number;
}

/**
 * Where an installed model is: 'cache' for the HF hub cache (no folder), 'local' for a local-dir download
 * under the models dir, with its path relative to the models dir, '/'-separated (`x`, or `team/x` for one
 * found in a sub-folder: src/sub-folder-local-dir.ts). Every local dir the model list shows has one: it lists
 * the folders under the models dir, never the models dir itself (src/server/models-source.ts).
 */
export type InstalledLocation =
  | { location: 'cache'; localFolder: null }
  | { location: 'local'; localFolder: string };

export type InstalledModel = InstalledModelDetails & InstalledLocation;

interface InstalledModelDetails {
  /** The repo; for a local dir no hubget marker names (`unnamedRepo`), its folder's name, which is not a repo's. */
  repoId: string;
  repoType: ApiRepoType;
  path: string;
  sizeOnDisk: number;
  files: number;
  /** The newest finished file's mtime; null while none is finished (a first download still running). */
  lastModified: string | null;
  revisions: InstalledRevision[];
  /**
   * The GGUF quantizations among its files, all revisions together (src/catalog/gguf-quants.ts), smallest
   * first; empty for a repo without GGUF weights. Deleting the model deletes all of them.
   */
  quants: string[];
  /**
   * Temp files of downloads that never finished (`*.incomplete` whose final file is absent), any program's:
   * all that shows another program's interrupted download, which leaves no listing behind.
   */
  unfinishedFiles: number;
  /** What those temp files hold on disk (allocated bytes, as `du` counts them); not in `sizeOnDisk`. */
  unfinishedBytes: number;
  /**
   * Of `sizeOnDisk`, the blobs another repo's folder in the HF cache links too (a fork's weights, hard-linked:
   * src/transfer/link-other-repo-blob.ts): deleting this copy leaves them to the other. Absent when none.
   */
  sharedBytes?: number;
  /** The latest plan of hubget's own downloads of it, checked on disk; null when none applies. */
  plan: PlanCheck | null;
  /**
   * Present (true) for a local dir no hubget marker names: huggingface_hub (`hf download --local-dir`) or another tool
   * made it, and its records name each file's commit, never the repo. Its `repoId` is then the folder's name.
   */
  unnamedRepo?: true;
}

export interface CatalogEntry {
  id: string;
  repoId: string;
  repoType: ApiRepoType;
  name: string;
  description: string;
  include: string[];
  /** 'cache' or a local folder name under the models dir. */
  target: string;
  approxBytes: number | null;
}

/** GET /api/models: catalog merged with installed state and live jobs. */
export interface ModelListEntry {
  key: string;
  catalog: CatalogEntry | null;
  installed: InstalledModel | null;
  job: JobView | null;
  /**
   * The model's queued, running and paused jobs, in the order of `job` (so `job` is the first of them when
   * there is any): a model can have several downloads on their way at once (one per GGUF quantization).
   */
  activeJobs: JobView[];
  status: ModelStatus;
}

/** Server-Sent Events on GET /api/events: `event: <type>` with `data: <JSON of the payload>`. */
export type ServerEvent =
  | { type: 'job'; job: JobView }
  | { type: 'job-removed'; id: string }
  | {
      type: 'notification';
      level: 'success' | 'error' | 'info';
      jobId: string;
      title: string;
      message: string;
      /**
       * A finished or failed run's end, as its JobView's `finishedAt` says it: which run the outcome is
       * about, even when this event arrives before that view (absent on `info`).
       */
      finishedAt?: string;
    }
  | { type: 'network'; stats: NetworkStats }
  | { type: 'settings'; settings: Settings }
  | { type: 'verification'; verification: VerificationProgress };

// ---- Added by the server (compatible extensions) ----

/** POST /api/downloads/:id/move body. */
export interface MoveRequest {
  /** New 0-based queue position. */
  position: number;
}

/** PUT /api/downloads/:id/limit body. */
export interface LimitRequest {
  /** Bytes/s, 0 = no per-job limit. */
  bandwidthLimit: number;
}

/** DELETE /api/models/... answer: what was removed and how much disk it freed. */
export interface DeleteModelResponse {
  freedBytes: number;
  deletedPaths: string[];
}

/** GET /healthz. */
export interface HealthResponse {
  status: 'ok';
  version: string;
  uptimeSeconds: number;
}

// ---- Hub browsing (search, repo page): src/api-hub-types.ts ----
export type {
  FitHintView,
  GgufQuantView,
  GgufView,
  HubAccountView,
  HubSearchItem,
  HubSearchResponse,
  HubSearchResult,
  HubSearchSort,
  RepoFileGroup,
  RepoPageFile,
  RepoPageResponse,
  WhoAmIRequest,
} from './api-hub-types.js';
// ---- Mirror mode (GET /api/mirror): src/api-mirror-types.ts ----
export type { MirrorClientPull, MirrorStatusView } from './api-mirror-types.js';
// ---- This computer (network, disks): src/api-system-types.ts ----
export type {
  DiskLocationStats,
  DiskResponse,
  DiskStats,
  InterfaceStats,
  NetworkHistory,
  NetworkStats,
} from './api-system-types.js';
