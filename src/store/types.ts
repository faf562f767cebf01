/**
 * The persistence port of the jobs service (ports and adapters, as tus-node-server's DataStore):
 * `Store` is the interface, `openSqliteStore` the production adapter, and test/support/store-contract.ts the
 * suite every adapter must pass. Times are Unix milliseconds; sizes are bytes.
 */
import type { ApiRepoType, JobFileView, JobState, SpeedSample } from '../api-types.js';

export interface StoredJob {
  id: string;
  repoId: string;
  repoType: ApiRepoType;
  revision: string;
  include: string[];
  exclude: string[];
  /** The localDir as the user asked for it (relative name or absolute path); null = HF cache. */
  localDir: string | null;
  name: string;
  /** Per-job bandwidth limit in bytes/s, 0 = none. */
  bandwidthLimit: number;
  state: JobState;
  commit: string | null;
  totalBytes: number;
  downloadedBytes: number;
  filesTotal: number;
  filesDone: number;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  lastActivityAt: number | null;
  /**
   * Bytes the job fetched over the network, all its runs together (bytes already on disk are not
   * counted); null for jobs stored before hubget recorded it (migration 3).
   */
  fetchedBytes: number | null;
  /**
   * Bytes of the job's files another hubget download fetched while it waited for them, all its runs
   * together (not in `fetchedBytes`); null for jobs stored before hubget recorded it (migration 4).
   */
  otherRunBytes: number | null;
  /**
   * Bytes a local-dir job copied from the HF cache's blobs instead of fetching them, all its runs together
   * (not in `fetchedBytes`); null for jobs stored before hubget recorded it (migration 7).
   */
  copiedBytes: number | null;
  /**
   * Of copiedBytes, those hard-linked from another repo's folder in the HF cache (no room taken), all its runs
   * together; null for jobs stored before hubget recorded it (migration 14).
   */
  linkedBytes: number | null;
  /**
   * Milliseconds the job's runs were fetching over the network (what `fetchedBytes` took, without pauses,
   * queueing or waiting for another download), all runs together; null for jobs stored before hubget
   * recorded it (migration 6).
   */
  fetchingMs: number | null;
  /**
   * Milliseconds in which every file the job's runs fetched waited for the Hub (not in `fetchingMs`), all runs
   * together; null for jobs stored before hubget recorded it (migration 13).
   */
  hubWaitedMs: number | null;
  /**
   * Server stops (clean shutdowns and crashes together) that found the job running, counted at the next
   * start (src/jobs/job-interruptions.ts); 0 for jobs stored before hubget counted them (migration 8).
   */
  interruptions: number;
  /**
   * Of those, the ones without a clean shutdown's mark (`cleanStopAt`) after a run that began no shutdown: a crash,
   * `kill -9`, power loss (stopKind, src/job-interruptions.ts). Jobs stored before migration 11 count a shutdown
   * cut off here too.
   */
  crashes: number;
  /**
   * Of those, the ones without that mark after a run whose shutdown began and was cut off (its time limit, a
   * second signal); 0 for jobs stored before hubget told them from crashes (migration 11).
   */
  cutOffs: number;
  /** Whether the last interruption was a shutdown cut off (false for jobs stored before migration 11). */
  lastCutOff: boolean;
  /** When the last interruption happened (a crash: the job's last saved tick); null while there was none. */
  lastInterruptedAt: number | null;
  /** When the last crash happened; equal to `lastInterruptedAt` when the last interruption was a crash. */
  lastCrashAt: number | null;
  /** Set by a clean shutdown on each job it stopped running (when); the next start reads and clears it. */
  cleanStopAt: number | null;
  /**
   * Started at once whenever it is queued, outside `maxParallel` (CreateOptions.startNow: the mirror's pulls),
   * a restart included; cleared when the job is paused or ends. false for jobs stored before (migration 9).
   */
  startNow: boolean;
  /**
   * The job fetches again files a verification found not intact (CreateOptions.repair), shown as a repair of its
   * files rather than as the model's download (JobView.repair). false for jobs stored before (migration 15).
   */
  repair: boolean;
  /** Sort key of the queue: lower runs first. Only meaningful among queued jobs. */
  queueOrder: number;
  resultPath: string | null;
  /**
   * Where the last run's temp files live: one path prefix per planned file (src/transfer/
   * remove-partial-files.ts), stored when the run's plan is known. Cancel removes them with no Hub call.
   */
  tempPrefixes: string[];
}

export type StoredJobFile = JobFileView;

export type StoredSpeedSample = SpeedSample;

export type JobPatch = Partial<Omit<StoredJob, 'id'>>;

export interface Store {
  insertJob(job: StoredJob): void;
  /** Applies the given fields; unknown ids are ignored (the job may have been removed). */
  updateJob(id: string, patch: JobPatch): void;
  getJob(id: string): StoredJob | undefined;
  /** All jobs, ordered by queueOrder then createdAt. */
  listJobs(): StoredJob[];
  /**
   * Deletes the job with its files and speed samples, and keeps its id among the removed jobs until
   * `forgetRemovedJobs` (its progress file is deleted then: src/jobs/job-removal.ts).
   */
  deleteJob(id: string): void;
  /** The ids of removed jobs not forgotten yet. */
  listRemovedJobIds(): string[];
  forgetRemovedJobs(ids: readonly string[]): void;

  /** Replaces the whole file list of a job (a new plan). */
  replaceJobFiles(jobId: string, files: StoredJobFile[]): void;
  /** Inserts or updates the given files, leaving the others as they are. */
  upsertJobFiles(jobId: string, files: StoredJobFile[]): void;
  listJobFiles(jobId: string): StoredJobFile[];

  addSpeedSample(jobId: string, sample: StoredSpeedSample): void;
  /** Samples ordered by time. */
  listSpeedSamples(jobId: string): StoredSpeedSample[];
  /** Applies the downsampling policy of `speed-downsampling.ts` to this job's samples. */
  compactSpeedSamples(jobId: string, nowMs: number): void;

  getSetting(key: string): unknown;
  setSetting(key: string, value: unknown): void;
  /** Every stored setting, parsed from JSON. */
  listSettings(): Record<string, unknown>;

  close(): void;
}
