/**
 * One run of a job: start it on the injected runner (which calls the engine's `downloadModel`), fold its
 * events into the job's telemetry, and settle it — completed, failed, or stopped by the service (pause,
 * cancel, shutdown: the service set the state already; the counters are kept).
 */
import { DEFAULT_PROGRESS_INTERVAL_MS } from '../defaults.js';
import { HubgetError, toHubgetError } from '../errors.js';
import { completedFigures } from '../format/job-figures.js';
import { formatBytes } from '../format/units.js';
import type { HubConfig } from '../hub/types.js';
import type { TransferEvent } from '../progress/events.js';
import { type WaitingEvent, waitingLines } from '../progress/waiting-lines.js';
import type { Store, StoredJob } from '../store/types.js';
import { planEvent } from '../transfer/plan-event.js';
import { tempPrefixesOf } from '../transfer/remove-partial-files.js';
import type {
  ByteRateLimiter,
  ConnectionBudget,
  DownloadPlan,
  DownloadRequest,
  DownloadResult,
} from '../transfer/types.js';
import { type CrashBaseline, fetchedAfterLastTick } from './crash-fetched.js';
import type { ActiveRun, JobEntry, JobServiceOptions, JobsLogger } from './job-service-options.js';
import type { JobAction } from './job-state-machine.js';
import { closeSpeedSamples, openSpeedSamples, persistProgress } from './job-ticks.js';
import { iso, toJobView } from './job-view.js';
import { removeProgressFile } from './progress-files.js';
import type { StoredSettings } from './settings.js';
import type { JobServiceEvent } from './types.js';

/** What a run needs from the service. */
export interface RunHost {
  options: JobServiceOptions;
  store: Store;
  logger: JobsLogger;
  globalLimiter: ByteRateLimiter;
  budget: ConnectionBudget;
  now(): number;
  settings(): StoredSettings;
  /** Where progress files go; null: none (JobSettingsState.progressDir). */
  progressDir(): string | null;
  hubConfig(): HubConfig;
  downloadRequest(job: StoredJob): DownloadRequest;
  setState(entry: JobEntry, action: JobAction, patch?: Partial<StoredJob>): void;
  publish(event: JobServiceEvent): void;
  publishJob(entry: JobEntry): void;
  /** Starts queued jobs while slots are free. */
  pump(): void;
  /** Bytes fetched over the network (the `/metrics` counter). */
  addFetchedBytes(count: number): void;
}

export type StopReason = NonNullable<ActiveRun['stopReason']>;

export function startRun(host: RunHost, entry: JobEntry): void {
  const now = host.now();
  host.setState(entry, 'start', {
    startedAt: entry.job.startedAt ?? now,
    errorCode: null,
    errorMessage: null,
  });
  entry.telemetry.beginRun(now);
  openSpeedSamples(entry, now);
  const run: ActiveRun = {
    controller: new AbortController(),
    stopReason: undefined,
    settled: Promise.resolve(),
  };
  entry.run = run;
  run.settled = execute(host, entry, run).catch((error: unknown) => {
    host.logger.error(
      { jobId: entry.job.id, error: toHubgetError(error).toJSON() },
      'Job bookkeeping failed',
    );
  });
}

/** Aborts the run (every connection stops at once) and resolves once the runner has settled. */
export async function stopRun(entry: JobEntry, reason: StopReason): Promise<void> {
  const run = entry.run;
  if (!run) return;
  run.stopReason = reason;
  run.controller.abort(new HubgetError('ABORTED', `Job ${reason}`));
  await run.settled;
}

async function execute(host: RunHost, entry: JobEntry, run: ActiveRun): Promise<void> {
  const { job } = entry;
  const { options } = host;
  host.logger.info({ jobId: job.id, repoId: job.repoId, revision: job.revision }, 'Job started');
  let result: DownloadResult | undefined;
  let failure: HubgetError | undefined;
  const waiting: WaitingEvent[] = [];
  /** The run's plan until the engine announced it (`plan` event): a run that fails before shows it anyway. */
  let unannounced: DownloadPlan | undefined;
  /** What the run the server was killed in fetched after its last stored count, once this run's plan says. */
  let beforeCrash: Promise<void> = Promise.resolve();
  /** Folds an engine event into the job's numbers and the server's fetched-bytes counter; true when shown at once. */
  const fold = (event: TransferEvent): boolean => {
    const fetchedBefore = entry.telemetry.fetchedBytes;
    const changed = entry.telemetry.handle(event, host.now());
    host.addFetchedBytes(entry.telemetry.fetchedBytes - fetchedBefore);
    return changed;
  };
  try {
    result = await options.runner.download(host.downloadRequest(job), {
      signal: run.controller.signal,
      rateLimiters: [host.globalLimiter, entry.limiter],
      connectionBudget: host.budget,
      // Live settings: read at every stall check of the files in flight / at every Hub call, not once per run.
      stallTimeoutMs: () => host.settings().stallTimeoutMs,
      hubConfig: () => host.hubConfig(),
      progressIntervalMs: DEFAULT_PROGRESS_INTERVAL_MS,
      ...(options.connectionsPerFile === undefined ? {} : { connectionsPerFile: options.connectionsPerFile }),
      ...(options.maxConcurrentFiles === undefined ? {} : { maxConcurrentFiles: options.maxConcurrentFiles }),
      ...(options.skipDiskCheck ? { skipDiskCheck: true } : {}),
      ...(options.writtenRanges && {
        onRangeWritten: options.writtenRanges.notify,
        onTempRestart: options.writtenRanges.notifyRestart,
      }),
      onPlan: (plan) => {
        unannounced = plan;
        // Before the first temp file exists: a cancel (even offline, even after a restart) finds them.
        job.tempPrefixes = tempPrefixesOf(plan);
        host.store.updateJob(job.id, { tempPrefixes: job.tempPrefixes });
        const baseline = entry.crashBaseline;
        entry.crashBaseline = undefined;
        if (baseline) beforeCrash = countFetchedBeforeCrash(host, entry, baseline, plan);
      },
      onEvent: (event) => {
        if (run.stopReason) {
          // Once paused or cancelled, only the engine's last reading still counts: the bytes it wrote since
          // the previous one are this job's fetched bytes. What it says about the run's end does not.
          if (event.type === 'progress') fold(event);
          return;
        }
        if (event.type === 'retry') {
          options.failedAttempts?.notify({ jobId: job.id, path: event.path, error: event.error });
        }
        // A burst of `file-waiting` (right after the plan) becomes one notification per download waited for.
        if (event.type === 'file-waiting') waiting.push(event);
        else if (waiting.length > 0) announceWaiting(host, entry, waiting.splice(0));
        if (event.type === 'plan') unannounced = undefined;
        const changed = fold(event);
        if (event.type === 'file-discarded') announceDiscarded(host, entry, event);
        if (changed) {
          if (event.type === 'plan') persistProgress(host.store, entry);
          host.publishJob(entry);
        }
      },
    });
  } catch (error) {
    failure = toHubgetError(error);
  }
  // Before the run's counters are stored for the last time.
  await beforeCrash;
  entry.run = undefined;
  entry.telemetry.endRun();
  if (run.stopReason) {
    persistProgress(host.store, entry);
    closeSpeedSamples(host.store, entry, host.now());
    // The engine's last reading came after pause()/cancel() published the job: every client sees it now.
    host.publishJob(entry);
    host.pump();
    return;
  }
  // A run refused after its plan and before announcing it (the free-space preflight: DISK_FULL) shows the
  // plan it was refused on, "0 of 52.43 MB" beside the reason, not 0 of 0: its missing files as the engine
  // would have claimed them, what is on disk as present.
  if (failure && unannounced) {
    const missing = unannounced.files.filter((file) => !file.present);
    fold(planEvent(job.repoId, unannounced, missing, []));
  }
  if (failure || !result) fail(host, entry, failure ?? new HubgetError('TRANSFER_FAILED', 'No result'));
  else complete(host, entry, result);
  closeSpeedSamples(host.store, entry, host.now());
  await removeProgressFile(entry, host.progressDir());
  host.pump();
}

function complete(host: RunHost, entry: JobEntry, result: DownloadResult): void {
  const { telemetry } = entry;
  telemetry.commit = result.plan.commit;
  telemetry.total = result.plan.totalBytes;
  telemetry.filesTotal = result.plan.files.length;
  telemetry.markAllDone();
  host.setState(entry, 'complete', {
    finishedAt: host.now(),
    resultPath: result.resultPath,
    tempPrefixes: [],
  });
  persistProgress(host.store, entry);
  // The History's figures (src/format/job-figures.ts): what it fetched itself beside what was on disk, and
  // the time all its runs spent fetching, only when it fetched something.
  const view = toJobView(entry, null, host.now());
  const message = `${entry.job.name} downloaded (${completedFigures(view)})`;
  host.logger.info({ jobId: entry.job.id, downloadedBytes: result.downloadedBytes }, message);
  host.publish({
    type: 'notification',
    level: 'success',
    jobId: entry.job.id,
    title: 'Download complete',
    message,
    ...runEnd(entry),
  });
}

function fail(host: RunHost, entry: JobEntry, error: HubgetError): void {
  host.setState(entry, 'fail', {
    finishedAt: host.now(),
    errorCode: error.code,
    errorMessage: error.message,
  });
  persistProgress(host.store, entry);
  const internal = error.code === 'INTERNAL_ERROR' ? { err: error.cause ?? error } : {};
  host.logger.warn({ jobId: entry.job.id, error: error.toJSON(), ...internal }, 'Job failed');
  host.publish({
    type: 'notification',
    level: 'error',
    jobId: entry.job.id,
    title: `${entry.job.name} failed`,
    message: error.message,
    ...runEnd(entry),
  });
}

/** The run's end as its view says it (set by setState just before): the outcome's notification carries it. */
function runEnd(entry: JobEntry): { finishedAt?: string } {
  const finishedAt = iso(entry.job.finishedAt);
  return finishedAt === null ? {} : { finishedAt };
}

/** Adds to the job's count what its run killed with the server fetched after its last stored count. */
async function countFetchedBeforeCrash(
  host: RunHost,
  entry: JobEntry,
  baseline: CrashBaseline,
  plan: DownloadPlan,
): Promise<void> {
  const bytes = await fetchedAfterLastTick(baseline, plan).catch((error: unknown) => {
    host.logger.warn({ jobId: entry.job.id, error: toHubgetError(error).toJSON() }, 'Resume maps unread');
    return 0;
  });
  if (bytes === 0) return;
  entry.telemetry.addFetchedBeforeCrash(bytes);
  host.logger.info(
    { jobId: entry.job.id, bytes },
    'Counted the bytes fetched just before the server stopped, from the resume maps',
  );
}

/** Files another download (a CLI run, another job) is fetching for this job: say which, and whose. */
function announceWaiting(host: RunHost, entry: JobEntry, events: readonly WaitingEvent[]): void {
  for (const message of waitingLines(events)) {
    host.logger.info({ jobId: entry.job.id }, message);
    host.publish({
      type: 'notification',
      level: 'info',
      jobId: entry.job.id,
      title: entry.job.name,
      message,
    });
  }
}

/** The one time `downloaded` goes down: say why. */
function announceDiscarded(
  host: RunHost,
  entry: JobEntry,
  event: Extract<TransferEvent, { type: 'file-discarded' }>,
): void {
  const why = event.error.code === 'CONTENT_CHANGED' ? 'changed on the server' : 'failed its integrity check';
  const message = `${event.path} ${why}: ${formatBytes(event.discardedBytes)} discarded, fetching it again`;
  host.logger.warn({ jobId: entry.job.id, error: event.error }, message);
  host.publish({ type: 'notification', level: 'info', jobId: entry.job.id, title: entry.job.name, message });
}

/**
 * Cancel's clean-up: the temp files under the prefixes stored when the run started — no Hub call, so it
 * works offline. Only a job that ran before the prefixes were stored (a database from before migration 2)
 * plans again. Leftover temp files are only disk space: a failure is logged, the job is cancelled anyway.
 */
export async function removeRunTempFiles(host: RunHost, entry: JobEntry): Promise<void> {
  const { job } = entry;
  try {
    const prefixes =
      job.tempPrefixes.length > 0 || job.startedAt === null
        ? job.tempPrefixes
        : tempPrefixesOf(await host.options.runner.plan(host.downloadRequest(job)));
    await host.options.runner.removeTempFiles(prefixes);
    job.tempPrefixes = [];
    host.store.updateJob(job.id, { tempPrefixes: [] });
  } catch (error) {
    host.logger.warn(
      { jobId: job.id, error: toHubgetError(error).toJSON() },
      'Could not remove partial files of a cancelled job',
    );
  }
}
