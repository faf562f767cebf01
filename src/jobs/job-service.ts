/**
 * The jobs service: a persistent download queue over an injected runner (p-queue vocabulary: a concurrency,
 * `maxParallel`, that can change while it runs). State changes go through the transition table of
 * job-state-machine.ts; every change and ~1 s of progress is written to the store, so a crash loses at most
 * a second of counters and never a job (docs/jobs.md).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  ApiRepoType,
  JobFileView,
  JobView,
  NewJobRequest,
  PreviewResponse,
  Settings,
  SettingsUpdate,
  SpeedSample,
} from '../api-types.js';
import { RESUME_MAP_SUFFIX } from '../cache/cache-layout.js';
import { repoFolderName } from '../cache/repo-folder.js';
import { writeLocalDirMarker } from '../cache/scan-local-marker.js';
import { DEFAULT_CONNECTION_BUDGET, DEFAULT_PROGRESS_INTERVAL_MS } from '../defaults.js';
import { HubgetError, toHubgetError } from '../errors.js';
import { formatBytes, formatDuration } from '../format/units.js';
import type { HubConfig, RepoRef } from '../hub/types.js';
import { createProgressFileWriter, type ProgressFileWriter } from '../progress/progress-file.js';
import { deleteTokenFile, readTokenFile, writeTokenFile } from '../store/token-file.js';
import type { Store, StoredJob } from '../store/types.js';
import { getDiskStats } from '../system/disk-stats.js';
import { createConnectionBudget } from '../transfer/connection-budget.js';
import { createRateLimiter } from '../transfer/rate-limiter.js';
import type {
  ByteRateLimiter,
  ConnectionBudget,
  DownloadPlan,
  DownloadRequest,
  DownloadResult,
} from '../transfer/types.js';
import type { JobRunner } from './job-runner.js';
import { isActiveState, type JobAction, transition } from './job-state-machine.js';
import { JobTelemetry } from './job-telemetry.js';
import { resolveLocalDir } from './local-dir.js';
import { checkRequestLimits } from './request-limits.js';
import {
  applySettingsUpdate,
  defaultSettings,
  loadSettings,
  normalizeEndpoint,
  type StoredSettings,
  validateBandwidthLimit,
  validateToken,
} from './settings.js';
import type { JobService, JobServiceEvent } from './types.js';

/** The subset of a pino logger the service uses. Never given a token or a URL with credentials. */
export interface JobsLogger {
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
  /** Holds the `hf-token` file (mode 0600). */
  dataDir: string;
  /** Root of local-dir destinations: relative names resolve here, absolute paths must be inside. */
  modelsDir: string;
  /** The Hub cache (`HF_HUB_CACHE`) for cache-mode jobs. */
  hubCacheDir: string;
  /** Endpoint and token from flags/env; a stored endpoint setting / stored token take precedence. */
  hubDefaults: { endpoint: string; token?: string; userAgent?: string };
  runner: JobRunner;
  /** Validates a repo id (INVALID_REPO_ID); without a type, a `datasets/` or `spaces/` prefix may set it. */
  parseRepoRef: (repoId: string, repoType?: ApiRepoType) => RepoRef;
  /** Default progressDir setting. @default os.tmpdir() */
  progressDir?: string;
  /** Writes `download_{jobId}.json` progress files. @default true */
  progressFiles?: boolean;
  createExternalSource?: (context: ExternalSourceContext) => ExternalJobSource;
  logger?: JobsLogger;
  /** Telemetry tick: events, persistence, speed samples, progress files. @default 1000 */
  tickIntervalMs?: number;
  /** Range connections shared by all jobs. @default max(16, 8 × maxParallel) */
  connectionBudget?: ConnectionBudget;
  connectionsPerFile?: number;
  maxConcurrentFiles?: number;
  /** Skip the engine's free-space preflight (tests only). */
  skipDiskCheck?: boolean;
  now?: () => number;
}

interface ActiveRun {
  controller: AbortController;
  /** Why the service aborted the run; undefined while it runs on its own. */
  stopReason: 'pause' | 'cancel' | 'shutdown' | undefined;
  settled: Promise<void>;
}

interface JobEntry {
  job: StoredJob;
  telemetry: JobTelemetry;
  limiter: ByteRateLimiter;
  run: ActiveRun | undefined;
  plan: DownloadPlan | undefined;
  progressFile: ProgressFileWriter | undefined;
  ticks: number;
}

const NO_LOG: JobsLogger = { info() {}, warn() {}, error() {} };
const COMPACT_EVERY_TICKS = 60;

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function jobKey(parts: {
  repoId: string;
  repoType: string;
  revision: string;
  localDir: string | null;
  include: string[];
  exclude: string[];
}): string {
  return JSON.stringify([
    parts.repoId,
    parts.repoType,
    parts.revision,
    parts.localDir ?? 'cache',
    [...parts.include].sort(),
    [...parts.exclude].sort(),
  ]);
}

function patternList(value: unknown, what: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) {
    throw new HubgetError('INVALID_ARGUMENT', `${what} must be a list of non-empty patterns`);
  }
  return [...new Set(value as string[])];
}

export class DefaultJobService implements JobService {
  readonly #options: JobServiceOptions;
  readonly #store: Store;
  readonly #entries = new Map<string, JobEntry>();
  #fetchedBytesTotal = 0;
  readonly #listeners = new Set<(event: JobServiceEvent) => void>();
  readonly #globalLimiter: ByteRateLimiter;
  readonly #budget: ConnectionBudget;
  readonly #logger: JobsLogger;
  readonly #now: () => number;
  #settings: StoredSettings;
  #storedToken: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #external: ExternalJobSource | undefined;
  #closing = false;

  constructor(options: JobServiceOptions) {
    this.#options = options;
    this.#store = options.store;
    this.#logger = options.logger ?? NO_LOG;
    this.#now = options.now ?? Date.now;
    this.#settings = loadSettings(
      options.store.listSettings(),
      defaultSettings({
        endpoint: normalizeEndpoint(options.hubDefaults.endpoint),
        progressDir: options.progressDir ?? tmpdir(),
      }),
    );
    this.#storedToken = readTokenFile(options.dataDir);
    this.#globalLimiter = createRateLimiter(this.#settings.bandwidthLimit);
    this.#budget = options.connectionBudget ?? createConnectionBudget(this.#budgetLimit());
    this.#recover();
    this.#timer = setInterval(() => this.#tick(), options.tickIntervalMs ?? 1000);
    this.#timer.unref();
    this.#external = options.createExternalSource?.({
      isOwnTempFile: (path) => this.#isOwnTempFile(path),
      hub: () => this.#hubConfig(),
      stallTimeoutMs: () => this.#settings.stallTimeoutMs,
      logger: this.#logger,
    });
    this.#pump();
  }

  // ---- JobService ----

  async create(request: NewJobRequest): Promise<{ job: JobView; joined: boolean }> {
    this.#assertOpen();
    const { repoId, repoType, revision, include, exclude, localDir } = this.#normalizeRequest(request);
    const bandwidthLimit = validateBandwidthLimit(request.bandwidthLimit ?? 0);
    const name =
      typeof request.name === 'string' && request.name.trim() !== '' ? request.name.trim() : undefined;

    const key = jobKey({ repoId, repoType, revision, localDir, include, exclude });
    for (const entry of this.#entries.values()) {
      if (isActiveState(entry.job.state) && jobKey(entry.job) === key) {
        return { job: this.#view(entry), joined: true };
      }
    }

    const now = this.#now();
    const job: StoredJob = {
      id: randomUUID(),
      repoId,
      repoType,
      revision,
      include,
      exclude,
      localDir,
      name: name ?? repoId.split('/').pop()!,
      bandwidthLimit,
      state: 'queued',
      commit: null,
      totalBytes: 0,
      downloadedBytes: 0,
      filesTotal: 0,
      filesDone: 0,
      errorCode: null,
      errorMessage: null,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      lastActivityAt: null,
      queueOrder: this.#nextQueueOrder(),
      resultPath: localDir,
    };
    this.#store.insertJob(job);
    const entry = this.#addEntry(job, []);
    this.#logger.info({ jobId: job.id, repoId: job.repoId, revision }, 'Job queued');
    this.#publishJob(entry);
    this.#pump();
    return { job: this.#view(entry), joined: false };
  }

  list(): JobView[] {
    const own = [...this.#entries.values()].map((entry) => this.#view(entry));
    return [...own, ...(this.#external?.list() ?? [])];
  }

  get(id: string): JobView | undefined {
    const entry = this.#entries.get(id);
    if (entry) return this.#view(entry);
    return this.#external?.list().find((job) => job.id === id);
  }

  files(id: string): JobFileView[] {
    const entry = this.#entries.get(id);
    if (!entry) return [];
    return [...entry.telemetry.files.values()].sort((a, b) =>
      a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
    );
  }

  history(id: string): SpeedSample[] {
    return this.#entries.has(id) ? this.#store.listSpeedSamples(id) : [];
  }

  async pause(id: string): Promise<JobView> {
    const entry = this.#entry(id);
    this.#setState(entry, 'pause');
    await this.#stopRun(entry, 'pause');
    await entry.progressFile?.flush();
    this.#logger.info({ jobId: id }, 'Job paused');
    return this.#view(entry);
  }

  async resume(id: string): Promise<JobView> {
    const entry = this.#entry(id);
    this.#setState(entry, 'resume', { queueOrder: this.#nextQueueOrder() });
    this.#pump();
    return this.#view(entry);
  }

  async cancel(id: string): Promise<JobView> {
    const entry = this.#entry(id);
    this.#setState(entry, 'cancel', { finishedAt: this.#now() });
    await this.#stopRun(entry, 'cancel');
    await this.#removeProgressFile(entry);
    try {
      const plan = entry.plan ?? (await this.#options.runner.plan(this.#downloadRequest(entry.job)));
      await this.#options.runner.removePartialFiles(plan);
    } catch (error) {
      // Leftover temp files are only disk space; the job is cancelled either way.
      this.#logger.warn(
        { jobId: id, error: toHubgetError(error).toJSON() },
        'Could not remove partial files of a cancelled job',
      );
    }
    this.#logger.info({ jobId: id }, 'Job cancelled');
    return this.#view(entry);
  }

  async retry(id: string): Promise<JobView> {
    const entry = this.#entry(id);
    this.#setState(entry, 'retry', {
      queueOrder: this.#nextQueueOrder(),
      errorCode: null,
      errorMessage: null,
      finishedAt: null,
    });
    this.#pump();
    return this.#view(entry);
  }

  remove(id: string): void {
    const entry = this.#entry(id);
    if (isActiveState(entry.job.state)) {
      throw new HubgetError('INVALID_STATE', `Cannot remove a ${entry.job.state} job: cancel it first`);
    }
    this.#store.deleteJob(id);
    this.#entries.delete(id);
    this.#publish({ type: 'job-removed', id });
  }

  move(id: string, position: number): JobView {
    const entry = this.#entry(id);
    if (entry.job.state !== 'queued') {
      throw new HubgetError('INVALID_STATE', `Only queued jobs can be moved; this one is ${entry.job.state}`);
    }
    if (!Number.isSafeInteger(position) || position < 0) {
      throw new HubgetError('INVALID_ARGUMENT', 'position must be a whole number, 0 or more');
    }
    const queue = this.#queued().filter((other) => other !== entry);
    queue.splice(Math.min(position, queue.length), 0, entry);
    // Renumber the queue only: paused jobs keep their numbers, which matter again only after resume.
    const base = queue.reduce((min, other) => Math.min(min, other.job.queueOrder), Number.POSITIVE_INFINITY);
    queue.forEach((other, index) => {
      const queueOrder = base + index;
      if (other.job.queueOrder === queueOrder) return;
      other.job.queueOrder = queueOrder;
      this.#store.updateJob(other.job.id, { queueOrder });
    });
    for (const other of queue) this.#publishJob(other);
    return this.#view(entry);
  }

  setJobBandwidthLimit(id: string, bytesPerSecond: number): JobView {
    const entry = this.#entry(id);
    const limit = validateBandwidthLimit(bytesPerSecond);
    entry.job.bandwidthLimit = limit;
    entry.limiter.setRate(limit);
    this.#store.updateJob(id, { bandwidthLimit: limit });
    this.#publishJob(entry);
    return this.#view(entry);
  }

  async preview(request: NewJobRequest): Promise<PreviewResponse & { message: string | null }> {
    this.#assertOpen();
    const normalized = this.#normalizeRequest(request);
    const { repoId, repoType, revision, localDir } = normalized;
    const downloadRequest = this.#downloadRequest(normalized);
    const empty = {
      repoId,
      repoType,
      revision,
      commit: '',
      files: [],
      totalBytes: 0,
      presentBytes: 0,
      bytesToFetch: 0,
    };
    let plan: DownloadPlan;
    try {
      plan = await this.#options.runner.plan(downloadRequest);
    } catch (error) {
      const hubError = toHubgetError(error, 'HUB_HTTP_ERROR');
      const gated = hubError.code === 'GATED_REPO';
      const needsToken = gated || (hubError.code === 'REPO_NOT_FOUND' && this.#token() === undefined);
      if (!needsToken) throw hubError;
      const destination = localDir ?? this.#options.hubCacheDir;
      const disk = await getDiskStats(destination);
      return {
        ...empty,
        freeBytes: disk.freeBytes,
        gated,
        needsToken,
        destination,
        message: hubError.message,
      };
    }
    const destination =
      plan.destination.kind === 'local' ? plan.destination.localDir : plan.destination.repoFolder;
    const [disk, gated] = await Promise.all([
      getDiskStats(destination),
      this.#options.runner.isGated?.(downloadRequest).catch(() => false) ?? Promise.resolve(false),
    ]);
    const needsToken = gated && this.#token() === undefined;
    return {
      ...empty,
      revision: plan.revision,
      commit: plan.commit,
      files: plan.files.map((file) => ({ path: file.path, size: file.size, present: file.present })),
      totalBytes: plan.totalBytes,
      presentBytes: plan.presentBytes,
      bytesToFetch: plan.bytesToFetch,
      freeBytes: disk.freeBytes,
      gated,
      needsToken,
      destination,
      message: needsToken
        ? `${repoId} is gated: request access on its Hub page, then set a token in the settings`
        : null,
    };
  }

  getSettings(): Settings {
    return { ...this.#settings, hfTokenSet: this.#token() !== undefined };
  }

  updateSettings(update: SettingsUpdate): Settings {
    this.#assertOpen();
    const next = applySettingsUpdate(this.#settings, update);
    if (update.hfToken !== undefined) {
      const token = validateToken(update.hfToken);
      if (token === null) deleteTokenFile(this.#options.dataDir);
      else writeTokenFile(this.#options.dataDir, token);
      this.#storedToken = token ?? undefined;
    }
    const previous = this.#settings;
    this.#settings = next;
    for (const key of Object.keys(next) as (keyof StoredSettings)[]) {
      if (next[key] !== previous[key]) this.#store.setSetting(key, next[key]);
    }
    if (next.bandwidthLimit !== previous.bandwidthLimit) this.#globalLimiter.setRate(next.bandwidthLimit);
    if (next.maxParallel !== previous.maxParallel) {
      if (!this.#options.connectionBudget) this.#budget.setLimit(this.#budgetLimit());
      this.#pump();
    }
    if (next.progressDir !== previous.progressDir) {
      // Files move: the next tick writes them in the new folder.
      for (const entry of this.#entries.values()) void this.#removeProgressFile(entry);
    }
    const settings = this.getSettings();
    this.#publish({ type: 'settings', settings });
    return settings;
  }

  fetchedBytesTotal(): number {
    return this.#fetchedBytesTotal;
  }

  totalBytesPerSecond(): number {
    const now = this.#now();
    let total = 0;
    for (const entry of this.#entries.values()) if (entry.run) total += entry.telemetry.speed(now);
    return total;
  }

  subscribe(listener: (event: JobServiceEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async shutdown(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    clearInterval(this.#timer);
    await this.#external?.stop();
    const running = [...this.#entries.values()].filter((entry) => entry.run);
    // Stays `running` in the store: the next start resumes it (docs/job-states.md, "Shutdown and restart").
    await Promise.all(running.map((entry) => this.#stopRun(entry, 'shutdown')));
    for (const entry of this.#entries.values()) {
      this.#persistProgress(entry);
      await this.#removeProgressFile(entry);
    }
    this.#listeners.clear();
    this.#store.close();
  }

  // ---- running jobs ----

  #pump(): void {
    if (this.#closing) return;
    let running = [...this.#entries.values()].filter((entry) => entry.job.state === 'running').length;
    for (const entry of this.#queued()) {
      if (running >= this.#settings.maxParallel) break;
      this.#start(entry);
      running += 1;
    }
  }

  #start(entry: JobEntry): void {
    const now = this.#now();
    this.#setState(entry, 'start', {
      startedAt: entry.job.startedAt ?? now,
      errorCode: null,
      errorMessage: null,
    });
    entry.telemetry.beginRun(now);
    const run: ActiveRun = {
      controller: new AbortController(),
      stopReason: undefined,
      settled: Promise.resolve(),
    };
    entry.run = run;
    run.settled = this.#execute(entry, run).catch((error: unknown) => {
      this.#logger.error(
        { jobId: entry.job.id, error: toHubgetError(error).toJSON() },
        'Job bookkeeping failed',
      );
    });
  }

  async #execute(entry: JobEntry, run: ActiveRun): Promise<void> {
    const { job } = entry;
    const request = this.#downloadRequest(job);
    this.#logger.info({ jobId: job.id, repoId: job.repoId, revision: job.revision }, 'Job started');
    let result: DownloadResult | undefined;
    let failure: HubgetError | undefined;
    try {
      result = await this.#options.runner.download(request, {
        signal: run.controller.signal,
        rateLimiters: [this.#globalLimiter, entry.limiter],
        connectionBudget: this.#budget,
        stallTimeoutMs: this.#settings.stallTimeoutMs,
        progressIntervalMs: DEFAULT_PROGRESS_INTERVAL_MS,
        ...(this.#options.connectionsPerFile === undefined
          ? {}
          : { connectionsPerFile: this.#options.connectionsPerFile }),
        ...(this.#options.maxConcurrentFiles === undefined
          ? {}
          : { maxConcurrentFiles: this.#options.maxConcurrentFiles }),
        ...(this.#options.skipDiskCheck ? { skipDiskCheck: true } : {}),
        onEvent: (event) => {
          if (run.stopReason) return;
          const fetchedBefore = entry.telemetry.fetchedBytes;
          const changed = entry.telemetry.handle(event, this.#now());
          this.#fetchedBytesTotal += entry.telemetry.fetchedBytes - fetchedBefore;
          if (changed) {
            if (event.type === 'plan') this.#persistPlan(entry);
            this.#publishJob(entry);
          }
        },
      });
      if (!run.stopReason) {
        entry.plan = result.plan;
        await this.#verifyOnDisk(result.plan);
        if (result.plan.destination.kind === 'local') await this.#writeLocalDirMarker(result.plan);
      }
    } catch (error) {
      failure = toHubgetError(error);
    }
    entry.run = undefined;
    entry.telemetry.endRun();
    if (run.stopReason) {
      // Paused, cancelled or shut down: the service already set the state; keep the counters.
      this.#persistProgress(entry);
      this.#pump();
      return;
    }
    if (failure || !result) this.#fail(entry, failure ?? new HubgetError('TRANSFER_FAILED', 'No result'));
    else this.#complete(entry, result);
    await this.#removeProgressFile(entry);
    this.#pump();
  }

  #complete(entry: JobEntry, result: DownloadResult): void {
    entry.telemetry.commit = result.plan.commit;
    entry.telemetry.total = result.plan.totalBytes;
    entry.telemetry.filesTotal = result.plan.files.length;
    entry.telemetry.markAllDone();
    this.#setState(entry, 'complete', { finishedAt: this.#now(), resultPath: result.resultPath });
    this.#persistProgress(entry);
    const message = `${entry.job.name} downloaded (${formatBytes(result.plan.totalBytes)} in ${formatDuration(result.elapsedMs / 1000)})`;
    this.#logger.info({ jobId: entry.job.id, downloadedBytes: result.downloadedBytes }, message);
    this.#publish({
      type: 'notification',
      level: 'success',
      jobId: entry.job.id,
      title: 'Download complete',
      message,
    });
  }

  #fail(entry: JobEntry, error: HubgetError): void {
    this.#setState(entry, 'fail', {
      finishedAt: this.#now(),
      errorCode: error.code,
      errorMessage: error.message,
    });
    this.#persistProgress(entry);
    const internal = error.code === 'INTERNAL_ERROR' ? { err: error.cause ?? error } : {};
    this.#logger.warn({ jobId: entry.job.id, error: error.toJSON(), ...internal }, 'Job failed');
    this.#publish({
      type: 'notification',
      level: 'error',
      jobId: entry.job.id,
      title: `${entry.job.name} failed`,
      message: error.message,
    });
  }

  /** Completion only when every planned file is really there with its size (nothing turns completed with holes). */
  async #verifyOnDisk(plan: DownloadPlan): Promise<void> {
    for (const file of plan.files) {
      let size: number;
      try {
        size = (await stat(file.finalPath)).size;
      } catch (error) {
        throw new HubgetError('IO_ERROR', `${file.path} is missing after the download`, { cause: error });
      }
      if (size !== file.size) {
        throw new HubgetError(
          'SIZE_MISMATCH',
          `${file.path} has ${size} bytes on disk, expected ${file.size}`,
        );
      }
    }
  }

  /** `.cache/huggingface/hubget.json` tells the local-dir scanner which repo and commit the folder holds. */
  async #writeLocalDirMarker(plan: DownloadPlan): Promise<void> {
    if (plan.destination.kind !== 'local') return;
    await writeLocalDirMarker(plan.destination.localDir, {
      repoId: plan.request.repo.repoId,
      repoType: plan.request.repo.repoType,
      revision: plan.revision,
      commit: plan.commit,
    });
  }

  async #stopRun(entry: JobEntry, reason: 'pause' | 'cancel' | 'shutdown'): Promise<void> {
    const run = entry.run;
    if (!run) return;
    run.stopReason = reason;
    run.controller.abort(new HubgetError('ABORTED', `Job ${reason}`));
    await run.settled;
  }

  // ---- telemetry tick ----

  #tick(): void {
    if (this.#closing) return;
    const now = this.#now();
    for (const entry of this.#entries.values()) {
      if (!entry.run) continue;
      entry.ticks += 1;
      entry.telemetry.checkIdle(now, this.#settings.stallTimeoutMs);
      this.#persistProgress(entry);
      this.#store.addSpeedSample(entry.job.id, {
        t: now,
        bytesPerSecond: entry.telemetry.speed(now),
        downloaded: entry.telemetry.downloaded,
      });
      if (entry.ticks % COMPACT_EVERY_TICKS === 0) this.#store.compactSpeedSamples(entry.job.id, now);
      this.#updateProgressFile(entry, now);
      this.#publishJob(entry);
    }
  }

  #updateProgressFile(entry: JobEntry, now: number): void {
    if (this.#options.progressFiles === false) return;
    entry.progressFile ??= createProgressFileWriter({
      dir: this.#settings.progressDir,
      jobId: entry.job.id,
      onError: (error) =>
        this.#logger.warn(
          { jobId: entry.job.id, error: toHubgetError(error, 'IO_ERROR').toJSON() },
          'Progress file',
        ),
    });
    const { telemetry } = entry;
    entry.progressFile.update({
      downloaded: telemetry.downloaded,
      total: telemetry.total,
      speed: telemetry.speed(now),
      eta: telemetry.eta(now),
    });
  }

  async #removeProgressFile(entry: JobEntry): Promise<void> {
    const writer = entry.progressFile;
    entry.progressFile = undefined;
    await writer?.remove();
  }

  // ---- persistence ----

  #persistPlan(entry: JobEntry): void {
    const { telemetry } = entry;
    entry.job.commit = telemetry.commit;
    this.#persistProgress(entry);
  }

  #persistProgress(entry: JobEntry): void {
    const { telemetry, job } = entry;
    Object.assign(job, {
      commit: telemetry.commit ?? job.commit,
      totalBytes: telemetry.total,
      downloadedBytes: telemetry.downloaded,
      filesTotal: telemetry.filesTotal,
      filesDone: telemetry.filesDone,
      lastActivityAt: telemetry.lastActivityAt,
    });
    this.#store.updateJob(job.id, {
      commit: job.commit,
      totalBytes: job.totalBytes,
      downloadedBytes: job.downloadedBytes,
      filesTotal: job.filesTotal,
      filesDone: job.filesDone,
      lastActivityAt: job.lastActivityAt,
    });
    const { replace, files } = telemetry.takeChangedFiles();
    if (replace) this.#store.replaceJobFiles(job.id, files);
    else if (files.length > 0) this.#store.upsertJobFiles(job.id, files);
  }

  #setState(entry: JobEntry, action: JobAction, patch: Partial<StoredJob> = {}): void {
    const state = transition(entry.job.state, action);
    Object.assign(entry.job, patch, { state });
    this.#store.updateJob(entry.job.id, { ...patch, state });
    this.#publishJob(entry);
  }

  /** Start-up: jobs that were running go back to the front of the queue, in their previous order. */
  #recover(): void {
    const jobs = this.#store.listJobs();
    const interrupted = jobs.filter((job) => job.state === 'running');
    const front = Math.min(0, ...jobs.map((job) => job.queueOrder)) - interrupted.length;
    for (const job of jobs) {
      const entry = this.#addEntry(job, this.#store.listJobFiles(job.id));
      const index = interrupted.indexOf(job);
      if (index >= 0) {
        this.#setState(entry, 'recover', { queueOrder: front + index });
        this.#logger.info({ jobId: job.id }, 'Job interrupted by a restart; resuming');
      }
    }
  }

  #addEntry(job: StoredJob, files: JobFileView[]): JobEntry {
    const entry: JobEntry = {
      job,
      telemetry: new JobTelemetry({
        downloaded: job.downloadedBytes,
        total: job.totalBytes,
        filesDone: job.filesDone,
        filesTotal: job.filesTotal,
        files,
        lastActivityAt: job.lastActivityAt,
      }),
      limiter: createRateLimiter(job.bandwidthLimit),
      run: undefined,
      plan: undefined,
      progressFile: undefined,
      ticks: 0,
    };
    entry.telemetry.commit = job.commit;
    this.#entries.set(job.id, entry);
    return entry;
  }

  // ---- helpers ----

  #view(entry: JobEntry): JobView {
    const { job, telemetry } = entry;
    const now = this.#now();
    const running = job.state === 'running';
    const downloaded = telemetry.downloaded;
    const total = telemetry.total;
    const percent =
      job.state === 'completed'
        ? 100
        : total > 0
          ? Math.min(100, Math.floor((downloaded / total) * 1000) / 10)
          : 0;
    const queued = job.state === 'queued' ? this.#queued().indexOf(entry) : -1;
    return {
      id: job.id,
      kind: 'download',
      state: job.state,
      name: job.name,
      repoId: job.repoId,
      repoType: job.repoType,
      revision: job.revision,
      commit: telemetry.commit ?? job.commit,
      include: [...job.include],
      exclude: [...job.exclude],
      localDir: job.localDir,
      downloaded,
      total,
      percent,
      speed: running ? telemetry.speed(now) : 0,
      eta: running ? telemetry.eta(now) : null,
      filesDone: telemetry.filesDone,
      filesTotal: telemetry.filesTotal,
      stalled: running && telemetry.stalled,
      stallReason: running ? telemetry.stallReason : null,
      connections: running ? telemetry.connections : 0,
      error: job.errorCode ? { code: job.errorCode, message: job.errorMessage ?? '' } : null,
      bandwidthLimit: job.bandwidthLimit,
      queuePosition: queued >= 0 ? queued : null,
      createdAt: iso(job.createdAt)!,
      startedAt: iso(job.startedAt),
      finishedAt: iso(job.finishedAt),
      lastActivityAt: iso(telemetry.lastActivityAt),
      resultPath: job.resultPath,
    };
  }

  #queued(): JobEntry[] {
    return [...this.#entries.values()]
      .filter((entry) => entry.job.state === 'queued')
      .sort((a, b) => a.job.queueOrder - b.job.queueOrder || a.job.createdAt - b.job.createdAt);
  }

  #nextQueueOrder(): number {
    let max = 0;
    for (const entry of this.#entries.values()) max = Math.max(max, entry.job.queueOrder);
    return Math.floor(max) + 1;
  }

  #entry(id: string): JobEntry {
    this.#assertOpen();
    const entry = this.#entries.get(id);
    if (entry) return entry;
    if (this.#external?.list().some((job) => job.id === id)) {
      throw new HubgetError(
        'NOT_SUPPORTED',
        'This download is run by another program; hubget only watches it',
      );
    }
    throw new HubgetError('JOB_NOT_FOUND', `No job with id ${id}`);
  }

  /** Validates a request; what create and preview (and the duplicate check) work from. */
  #normalizeRequest(request: NewJobRequest) {
    if (typeof request.repoId !== 'string') throw new HubgetError('INVALID_REPO_ID', 'repoId is required');
    checkRequestLimits(request);
    const repo = this.#options.parseRepoRef(request.repoId, request.repoType);
    const revision = request.revision ?? 'main';
    if (typeof revision !== 'string' || !/^[^\s\0]+$/.test(revision)) {
      throw new HubgetError('INVALID_ARGUMENT', 'revision must be a branch, tag or commit without spaces');
    }
    return {
      repoId: repo.repoId,
      repoType: repo.repoType as ApiRepoType,
      revision,
      include: patternList(request.include, 'include'),
      exclude: patternList(request.exclude, 'exclude'),
      localDir:
        request.localDir === undefined || request.localDir === null
          ? null
          : resolveLocalDir(this.#options.modelsDir, request.localDir),
    };
  }

  #assertOpen(): void {
    if (this.#closing) throw new HubgetError('INVALID_STATE', 'The jobs service is shutting down');
  }

  #token(): string | undefined {
    return this.#storedToken ?? this.#options.hubDefaults.token;
  }

  #hubConfig(): HubConfig {
    const token = this.#token();
    return {
      endpoint: this.#settings.endpoint,
      ...(token === undefined ? {} : { token }),
      ...(this.#options.hubDefaults.userAgent ? { userAgent: this.#options.hubDefaults.userAgent } : {}),
    };
  }

  #downloadRequest(
    job: Pick<StoredJob, 'repoId' | 'repoType' | 'revision' | 'include' | 'exclude' | 'localDir'>,
  ): DownloadRequest {
    return {
      repo: { repoId: job.repoId, repoType: job.repoType },
      revision: job.revision,
      ...(job.include.length > 0 ? { include: job.include } : {}),
      ...(job.exclude.length > 0 ? { exclude: job.exclude } : {}),
      ...(job.localDir === null ? { cacheDir: this.#options.hubCacheDir } : { localDir: job.localDir }),
      hub: this.#hubConfig(),
    };
  }

  /**
   * hubget's temp files carry a resume-map sidecar (src/cache/temp-files.ts); one created a moment ago may
   * not have it yet, so anything under the destination of a running job counts too.
   */
  #isOwnTempFile(path: string): boolean {
    if (existsSync(`${path}${RESUME_MAP_SUFFIX}`)) return true;
    for (const entry of this.#entries.values()) {
      if (entry.job.state !== 'running') continue;
      const root =
        entry.job.localDir ??
        join(
          this.#options.hubCacheDir,
          repoFolderName({ repoId: entry.job.repoId, repoType: entry.job.repoType }),
        );
      if (path.startsWith(`${root}/`)) return true;
    }
    return false;
  }

  #budgetLimit(): number {
    return Math.min(64, Math.max(DEFAULT_CONNECTION_BUDGET, 8 * this.#settings.maxParallel));
  }

  #publishJob(entry: JobEntry): void {
    this.#publish({ type: 'job', job: this.#view(entry) });
  }

  #publish(event: JobServiceEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#logger.warn({ error: toHubgetError(error).toJSON() }, 'A job event listener threw');
      }
    }
  }
}
