/**
 * What the jobs service is built from (its options and the hooks it gives an external source), and the
 * per-job record its parts share (job-run.ts, job-ticks.ts, job-view.ts).
 */
import type { ApiRepoType, DiskStats, JobView } from '../api-types.js';
import type { MaybeImplicitToken } from '../hub/config.js';
import type { HubConfig, RepoRef } from '../hub/types.js';
import type { ProgressFileWriter } from '../progress/progress-file.js';
import type { Store, StoredJob } from '../store/types.js';
import type { ByteRateLimiter, ConnectionBudget } from '../transfer/types.js';
import type { CrashBaseline } from './crash-fetched.js';
import type { FailedAttempts } from './failed-attempts.js';
import type { JobRunner } from './job-runner.js';
import type { JobTelemetry } from './job-telemetry.js';
import type { WrittenRanges } from './written-ranges.js';

/** The subset of a pino logger the service uses. Never given a token or a URL with credentials. */
export interface JobsLogger {
  /** Lines below the server's default level (a mirror's repeated failure: src/mirror/retried-step-log.ts). */
  debug?(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Live JobViews of downloads run by other programs (kind 'external'); not persisted, not controllable. */
export interface ExternalJobSource {
  list(): JobView[];
  stop(): Promise<void> | void;
}

/** Hooks the service gives an external source so it can tell hubget's files apart and size them. */
export interface ExternalSourceContext {
  /** True for a temp file of one of hubget's own jobs (never reported as external). */
  isOwnTempFile(path: string): boolean;
  hub(): HubConfig;
  stallTimeoutMs(): number;
  logger: JobsLogger;
}

export interface JobServiceOptions {
  store: Store;
  /** Told of every range a run writes into a temp file (the mirror serves blobs while they download). */
  writtenRanges?: WrittenRanges;
  /** Told of every failed attempt of a run that will be retried (the mirror watches its upstream). */
  failedAttempts?: FailedAttempts;
  /** Holds the `hf-token` file (mode 0600). */
  dataDir: string;
  /** Root of local-dir destinations: relative names resolve here, absolute paths must be inside. */
  modelsDir: string;
  /** The Hub cache (`HF_HUB_CACHE`) for cache-mode jobs. */
  hubCacheDir: string;
  /**
   * Endpoint and token from flags/env, with where the token came from (`tokenOrigin`); a stored endpoint
   * setting / stored token take precedence. `offline`: HF_HUB_OFFLINE, jobs list and copy from what is on
   * disk and never contact the Hub.
   */
  hubDefaults: { endpoint: string; userAgent?: string; offline?: boolean } & MaybeImplicitToken;
  runner: JobRunner;
  /** Validates a repo id (INVALID_REPO_ID); without a type, a `datasets/` or `spaces/` prefix may set it. */
  parseRepoRef: (repoId: string, repoType?: ApiRepoType) => RepoRef;
  /**
   * The server's previous run began a shutdown that did not finish (src/server/server-run.ts): a job found
   * running that it had not saved was stopped by that shutdown, not by a crash; it counts among the job's
   * `cutOffs`, not its `crashes`, and the start's log says so (stopKind, src/job-interruptions.ts).
   */
  shutdownCutOff?: boolean;
  /** Default progressDir setting. @default os.tmpdir() */
  progressDir?: string;
  /** Writes `download_{jobId}.json` progress files. @default true */
  progressFiles?: boolean;
  createExternalSource?: (context: ExternalSourceContext) => ExternalJobSource;
  logger?: JobsLogger;
  /** Telemetry tick: events, persistence, speed samples, progress files. @default DEFAULT_JOB_BROADCAST_INTERVAL_MS */
  tickIntervalMs?: number;
  /** Range connections shared by all jobs. @default max(16, 8 × maxParallel) */
  connectionBudget?: ConnectionBudget;
  connectionsPerFile?: number;
  maxConcurrentFiles?: number;
  /** Skip the engine's free-space preflight (tests only). */
  skipDiskCheck?: boolean;
  /** How the preview reads the free space at a download's destination (tests: a small disk). @default getDiskStats */
  diskStats?: (path: string) => Promise<DiskStats>;
  now?: () => number;
}

export interface ActiveRun {
  controller: AbortController;
  /** Why the service aborted the run; undefined while it runs on its own. */
  stopReason: 'pause' | 'cancel' | 'shutdown' | undefined;
  settled: Promise<void>;
}

/** One of hubget's own jobs as the service holds it: the stored record plus what only lives in memory. */
export interface JobEntry {
  job: StoredJob;
  telemetry: JobTelemetry;
  limiter: ByteRateLimiter;
  run: ActiveRun | undefined;
  /**
   * A cancel's removal of the files its stopped run left (temp files, progress file), under way: the job does not
   * run again (a retry right after the cancel) until it is done, or it would delete the new run's files.
   */
  cleaning?: Promise<void> | undefined;
  progressFile: ProgressFileWriter | undefined;
  ticks: number;
  /**
   * The running job's last speed sample (or its run's start): when, and its fetched count then; what the sample
   * its run ends with measures from (job-ticks.ts, closeSpeedSamples).
   */
  lastSample?: { t: number; fetchedBytes: number } | undefined;
  /** A job the server was killed while it ran: its stored rows then, until its next run's plan (crash-fetched.ts). */
  crashBaseline?: CrashBaseline | undefined;
}

export const NO_LOG: JobsLogger = { info() {}, warn() {}, error() {} };
