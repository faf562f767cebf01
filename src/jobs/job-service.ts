import type {
  JobFileView,
  JobView,
  NewJobRequest,
  PreviewQuery,
  PreviewResponse,
  Settings,
  SettingsUpdate,
  SpeedSample,
} from '../api-types.js';
import { byPath } from '../code-unit-order.js';
import { DEFAULT_JOB_BROADCAST_INTERVAL_MS } from '../defaults.js';
import { HubgetError, toHubgetError } from '../errors.js';
import type { HubConfig } from '../hub/types.js';
import { Listeners } from '../listeners.js';
import type { Store, StoredJob } from '../store/types.js';
import { cancelRun } from './cancel-run.js';
import { checkWithHub } from './download-check.js';
import { completeAllIfOnDisk, completeIfOnDisk } from './found-on-disk.js';
import { activeEntryOf, createJobEntry, isOwnTempFile, unknownJobError } from './job-entries.js';
import { markCleanStops, recoverInterrupted } from './job-interruptions.js';
import { jobKey } from './job-key.js';
import { previewJob } from './job-preview.js';
import { moveInQueue, nextQueueOrder, queuedEntries } from './job-queue.js';
import { removeFinishedJob, removeRemovedJobsFiles } from './job-removal.js';
import { type JobTarget, newStoredJob, normalizeJobRequest, toDownloadRequest } from './job-request.js';
import { type RunHost, startRun, stopRun } from './job-run.js';
import {
  type ExternalJobSource,
  type JobEntry,
  type JobServiceOptions,
  type JobsLogger,
  NO_LOG,
} from './job-service-options.js';
import { JobSettingsState } from './job-settings-state.js';
import { assertMayRunAgain, type JobAction, transition } from './job-state-machine.js';
import { persistProgress, publishExternalJobs, tickRunningJob } from './job-ticks.js';
import { toJobView } from './job-view.js';
import { removeEndedJobsFiles, removeFilesAtShutdown, removeProgressFile } from './progress-files.js';
import { validateBandwidthLimit } from './settings.js';
import { entriesToStart, markStartNow, startNowPatch } from './start-now.js';
import type { CreatedJob, CreateOptions, JobService, JobServiceEvent } from './types.js';

export class DefaultJobService implements JobService {
  readonly #options: JobServiceOptions;
  readonly #store: Store;
  readonly #entries = new Map<string, JobEntry>();
  #fetchedBytesTotal = 0;
  readonly #listeners: Listeners<[JobServiceEvent]>;
  readonly #logger: JobsLogger;
  readonly #now: () => number;
  readonly #host: RunHost;
  readonly #settings: JobSettingsState;
  #timer: NodeJS.Timeout | undefined;
  #external: ExternalJobSource | undefined;
  /** The external downloads the last tick published. */
  #externalIds = new Set<string>();
  #started = false;
  #closing = false;

  constructor(options: JobServiceOptions) {
    this.#options = options;
    this.#store = options.store;
    this.#logger = options.logger ?? NO_LOG;
    this.#listeners = new Listeners((error) =>
      this.#logger.warn({ error: toHubgetError(error).toJSON() }, 'A job event listener threw'),
    );
    this.#now = options.now ?? Date.now;
    this.#settings = new JobSettingsState(options);
    this.#host = {
      options,
      store: this.#store,
      logger: this.#logger,
      globalLimiter: this.#settings.globalLimiter,
      budget: this.#settings.budget,
      now: () => this.#now(),
      settings: () => this.#settings.current,
      progressDir: () => this.#settings.progressDir(),
      hubConfig: () => this.#settings.hubConfig(),
      downloadRequest: (job) => this.#downloadRequest(job),
      setState: (entry, action, patch) => this.#setState(entry, action, patch),
      publish: (event) => this.#publish(event),
      publishJob: (entry) => this.#publishJob(entry),
      pump: () => this.#pump(),
      addFetchedBytes: (count) => {
        this.#fetchedBytesTotal += count;
      },
    };
    for (const job of this.#store.listJobs()) this.#addEntry(job, this.#store.listJobFiles(job.id));
  }

  /**
   * Runs the service: jobs a crash or a shutdown interrupted go back to the front of the queue, queued jobs
   * start, the re-publish timer and the external watcher run. Until then stored jobs can be read and new ones
   * queued, but nothing downloads: `hubget serve` starts it once its port is bound (if it cannot, nothing ran).
   */
  start(): void {
    if (this.#started || this.#closing) return;
    this.#started = true;
    recoverInterrupted(this.#host, this.#entries.values());
    completeAllIfOnDisk(this.#host, this.#entries.values());
    void removeEndedJobsFiles(this.#host.progressDir(), this.#entries);
    void removeRemovedJobsFiles(this.#store, this.#host.progressDir());
    this.#timer = setInterval(
      () => this.#tick(),
      this.#options.tickIntervalMs ?? DEFAULT_JOB_BROADCAST_INTERVAL_MS,
    );
    this.#timer.unref();
    this.#external = this.#options.createExternalSource?.({
      isOwnTempFile: (path) => isOwnTempFile(path, this.#entries.values(), this.#options.hubCacheDir),
      hub: () => this.#settings.hubConfig(),
      stallTimeoutMs: () => this.#settings.current.stallTimeoutMs,
      logger: this.#logger,
    });
    this.#pump();
  }

  // ---- JobService ----

  async create(request: NewJobRequest, options: CreateOptions = {}): Promise<CreatedJob> {
    this.#assertOpen();
    const target = normalizeJobRequest(request, this.#options);
    const bandwidthLimit = validateBandwidthLimit(request.bandwidthLimit ?? 0);
    const key = jobKey(target);
    const active = activeEntryOf(this.#entries.values(), key);
    if (active) return this.#joined(active, options);
    const hubCheck = options.checkHub
      ? await checkWithHub(target, this.#downloadRequest(target), this.#hubContext())
      : undefined;
    // While the Hub answered, the service may have closed, or the same download been queued by another request.
    this.#assertOpen();
    const meanwhile = activeEntryOf(this.#entries.values(), key);
    if (meanwhile) return this.#joined(meanwhile, options);

    const job = newStoredJob(target, request, {
      createdAt: this.#now(),
      queueOrder: nextQueueOrder(this.#entries.values()),
      bandwidthLimit,
      size: hubCheck?.checked ? hubCheck.size : undefined,
      startNow: options.startNow,
      repair: options.repair,
    });
    this.#store.insertJob(job);
    const entry = this.#addEntry(job, []);
    this.#logger.info({ jobId: job.id, repoId: job.repoId, revision: job.revision }, 'Job queued');
    this.#publishJob(entry);
    this.#pump();
    return { job: this.#view(entry), joined: false, ...(hubCheck && { hubCheck }) };
  }

  list(): JobView[] {
    // The queue is sorted once for the whole list, not once per queued job.
    const queue = queuedEntries(this.#entries.values());
    const own = [...this.#entries.values()].map((entry) => this.#view(entry, queue));
    return [...own, ...(this.#external?.list() ?? [])];
  }

  get(id: string): JobView | undefined {
    const entry = this.#entries.get(id);
    if (entry) return this.#view(entry);
    return this.#external?.list().find((job) => job.id === id);
  }

  files(id: string): JobFileView[] {
    return [...(this.#entries.get(id)?.telemetry.files.values() ?? [])].sort(byPath);
  }

  history(id: string): SpeedSample[] {
    return this.#entries.has(id) ? this.#store.listSpeedSamples(id) : [];
  }

  async pause(id: string): Promise<JobView> {
    const entry = this.#entry(id);
    this.#setState(entry, 'pause');
    await stopRun(entry, 'pause');
    await entry.progressFile?.flush();
    this.#logger.info({ jobId: id }, 'Job paused');
    return this.#view(entry);
  }

  async resume(id: string): Promise<JobView> {
    const entry = this.#entry(id);
    this.#setState(entry, 'resume', { queueOrder: nextQueueOrder(this.#entries.values()) });
    this.#pump();
    return this.#view(entry);
  }

  async cancel(id: string): Promise<JobView> {
    const entry = this.#entry(id);
    this.#setState(entry, 'cancel', { finishedAt: this.#now() });
    await cancelRun(this.#host, entry);
    this.#logger.info({ jobId: id }, 'Job cancelled');
    return this.#view(entry);
  }

  async retry(id: string): Promise<JobView> {
    const entry = this.#entry(id);
    this.#setState(entry, 'retry', {
      queueOrder: nextQueueOrder(this.#entries.values()),
      errorCode: null,
      errorMessage: null,
      finishedAt: null,
    });
    this.#pump();
    return this.#view(entry);
  }

  async completeIfOnDisk(id: string): Promise<boolean> {
    const entry = this.#entries.get(id);
    return entry !== undefined && !this.#closing && (await completeIfOnDisk(this.#host, entry));
  }

  remove(id: string): void {
    removeFinishedJob(this.#host, this.#entries, this.#entry(id));
  }

  move(id: string, position: number): JobView {
    const entry = this.#entry(id);
    const { queue, changed } = moveInQueue(this.#entries.values(), entry, position);
    for (const other of changed) this.#store.updateJob(other.job.id, { queueOrder: other.job.queueOrder });
    for (const other of queue) this.#publishJob(other, queue);
    return this.#view(entry, queue);
  }

  setJobBandwidthLimit(id: string, bytesPerSecond: number): JobView {
    const entry = this.#entry(id);
    assertMayRunAgain(entry.job.state, 'limit');
    const limit = validateBandwidthLimit(bytesPerSecond);
    entry.job.bandwidthLimit = limit;
    entry.limiter.setRate(limit);
    this.#store.updateJob(id, { bandwidthLimit: limit });
    this.#publishJob(entry);
    return this.#view(entry);
  }

  async preview(request: NewJobRequest, query: PreviewQuery = {}): Promise<PreviewResponse> {
    this.#assertOpen();
    const target = normalizeJobRequest(request, this.#options);
    return previewJob(target, this.#downloadRequest(target), { ...this.#hubContext(), ...query });
  }

  getSettings(): Settings {
    return this.#settings.view();
  }

  hubConfig(): HubConfig {
    return this.#settings.hubConfig();
  }

  updateSettings(update: SettingsUpdate): Settings {
    this.#assertOpen();
    const previous = this.#settings.update(update);
    const next = this.#settings.current;
    if (next.maxParallel !== previous.maxParallel) this.#pump();
    if (next.progressDir !== previous.progressDir) {
      // Files move: the next tick writes them in the new folder.
      for (const entry of this.#entries.values()) void removeProgressFile(entry, null);
    }
    const settings = this.getSettings();
    this.#publish({ type: 'settings', settings });
    return settings;
  }

  fetchedBytesTotal(): number {
    return this.#fetchedBytesTotal;
  }

  totalBytesPerSecond(): number {
    let total = 0;
    for (const entry of this.#entries.values()) if (entry.run) total += entry.telemetry.speed();
    return total;
  }

  subscribe(listener: (event: JobServiceEvent) => void): () => void {
    return this.#listeners.add(listener);
  }

  async shutdown(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    clearInterval(this.#timer);
    await this.#external?.stop();
    const running = [...this.#entries.values()].filter((entry) => entry.run);
    // Stays `running` in the store: the next start resumes it (docs/job-states.md, "Shutdown and restart").
    await Promise.all(running.map((entry) => stopRun(entry, 'shutdown')));
    for (const entry of this.#entries.values()) persistProgress(this.#store, entry);
    await removeFilesAtShutdown(this.#entries.values(), this.#host.progressDir());
    // Saved: the next start tells this stop from a crash (job-interruptions.ts).
    markCleanStops(this.#store, running, this.#now());
    this.#listeners.clear();
    this.#store.close();
  }

  // ---- queue, tick, recovery ----

  /** Starts queued jobs while slots are free, and those marked startNow (CreateOptions.startNow) at once. */
  #pump(): void {
    if (!this.#started || this.#closing) return;
    const max = this.#settings.current.maxParallel;
    for (const entry of entriesToStart(this.#entries.values(), max)) startRun(this.#host, entry);
  }

  /** The active job a request joins, marked and started at once when it asks (CreateOptions.startNow). */
  #joined(entry: JobEntry, options: CreateOptions): CreatedJob {
    if (options.startNow) markStartNow(this.#store, entry);
    this.#pump();
    return { job: this.#view(entry), joined: true };
  }

  /** The one timer that re-publishes running jobs (own and external) at >= 1 Hz. */
  #tick(): void {
    if (this.#closing) return;
    const now = this.#now();
    const context = {
      store: this.#store,
      logger: this.#logger,
      stallTimeoutMs: this.#settings.current.stallTimeoutMs,
      progressDir: this.#host.progressDir(),
    };
    for (const entry of this.#entries.values()) {
      if (!entry.run) continue;
      tickRunningJob(entry, now, context);
      this.#publishJob(entry);
    }
    // One that ended may have put the files of a paused or queued job in place (found-on-disk.ts).
    this.#externalIds = publishExternalJobs(
      this.#external?.list() ?? [],
      this.#externalIds,
      (event) => this.#publish(event),
      () => completeAllIfOnDisk(this.#host, this.#entries.values()),
    );
  }

  #setState(entry: JobEntry, action: JobAction, patch: Partial<StoredJob> = {}): void {
    const state = transition(entry.job.state, action);
    const changes = { ...patch, ...startNowPatch(entry, state), state };
    Object.assign(entry.job, changes);
    this.#store.updateJob(entry.job.id, changes);
    this.#publishJob(entry);
  }

  #addEntry(job: StoredJob, files: JobFileView[]): JobEntry {
    const entry = createJobEntry(job, files);
    this.#entries.set(job.id, entry);
    return entry;
  }

  // ---- helpers ----

  #view(entry: JobEntry, queue?: JobEntry[]): JobView {
    const position =
      entry.job.state === 'queued' ? (queue ?? queuedEntries(this.#entries.values())).indexOf(entry) : -1;
    return toJobView(entry, position >= 0 ? position : null, this.#now());
  }

  #entry(id: string): JobEntry {
    this.#assertOpen();
    const entry = this.#entries.get(id);
    if (entry) return entry;
    throw unknownJobError(id, this.#external?.list().some((job) => job.id === id) ?? false);
  }

  #assertOpen(): void {
    if (this.#closing) throw new HubgetError('INVALID_STATE', 'The jobs service is shutting down');
  }

  /** What the preview and the Hub check need besides the request: the runner, whether a token is set, the disk. */
  #hubContext() {
    const { runner, hubCacheDir, diskStats } = this.#options;
    const hasToken = this.#settings.token() !== undefined;
    return { runner, hubCacheDir, hasToken, ...(diskStats && { diskStats }) };
  }

  #downloadRequest(job: JobTarget) {
    return toDownloadRequest(job, this.#options, this.#settings.hubConfig());
  }

  /** `queue`: the queued jobs in order, when the caller already has them. */
  #publishJob(entry: JobEntry, queue?: JobEntry[]): void {
    this.#publish({ type: 'job', job: this.#view(entry, queue) });
  }

  #publish(event: JobServiceEvent): void {
    this.#listeners.emit(event);
  }
}
