/**
 * In-memory stand-ins for the server's ports, for unit tests of the HTTP layer. They follow the
 * JobService contract closely enough to exercise every route (states, errors, events), and they are
 * deliberately careless with secrets (getSettings() leaks the token as an extra field) so the tests can
 * prove that the server never passes a secret on.
 */

import type { ModelsDeletion, ModelToDeleteRef } from '../../src/api-models-deletion-types.js';
import type { QuantDeletion } from '../../src/api-quant-types.js';
import type {
  CatalogEntry,
  DeleteModelResponse,
  InstalledModel,
  JobFileView,
  JobView,
  NetworkHistory,
  NetworkStats,
  NewJobRequest,
  PreviewResponse,
  Settings,
  SettingsUpdate,
  SpeedSample,
} from '../../src/api-types.js';
import { HubgetError } from '../../src/errors.js';
import type { HubConfig } from '../../src/hub/types.js';
import type { HubCheck } from '../../src/jobs/download-check.js';
import type { CreatedJob, CreateOptions, JobService, JobServiceEvent } from '../../src/jobs/types.js';
import type { PlanLookup } from '../../src/models/download-plans.js';
import type { AppDeps, CachedModelRef, ModelsSource, NetworkMonitor } from '../../src/server/deps.js';
import {
  createServerConfig,
  type ServerConfig,
  type ServerConfigInput,
} from '../../src/server/server-config.js';
import { jobFixture } from '../support/web/job-fixture.js';
import { settingsFixture } from '../support/web/settings-fixture.js';

export class FakeJobService implements JobService {
  readonly jobs = new Map<string, JobView>();
  readonly #listeners = new Set<(event: JobServiceEvent) => void>();
  hfToken: string | null = null;
  settings: Settings = { ...settingsFixture, progressDir: '/tmp/hubget-progress' };
  speed = 0;
  shutdownCalls = 0;
  #nextId = 1;

  /** What a create with `checkHub` says of the Hub when it queues (the real check: src/jobs/download-check.ts). */
  hubCheck: HubCheck = { checked: true };
  /** The options of each create, in order. */
  readonly createOptions: (CreateOptions | undefined)[] = [];

  async create(request: NewJobRequest, options?: CreateOptions): Promise<CreatedJob> {
    this.createOptions.push(options);
    const existing = [...this.jobs.values()].find(
      (job) =>
        job.repoId === request.repoId &&
        ['queued', 'running', 'paused'].includes(job.state) &&
        job.localDir === (request.localDir ?? null),
    );
    if (existing) return { job: existing, joined: true };
    // The Hub's refusals, as the check makes them: only when asked to check.
    if (options?.checkHub && request.repoId === 'org/missing')
      throw new HubgetError('REPO_NOT_FOUND', 'Repository org/missing not found');
    if (options?.checkHub && request.repoId === 'org/gated')
      throw new HubgetError('GATED_REPO', 'org/gated is gated');
    const id = `job${this.#nextId++}`;
    // A complete JobView (job-fixture.ts) of a fresh job: queued, nothing fetched yet of its two files (1000 B).
    const job = jobFixture({
      id,
      state: 'queued',
      name: request.name ?? request.repoId,
      repoId: request.repoId,
      repoType: request.repoType ?? 'model',
      revision: request.revision ?? 'main',
      include: request.include ?? [],
      exclude: request.exclude ?? [],
      localDir: request.localDir ?? null,
      downloaded: 0,
      total: 1000,
      percent: 0,
      speed: 0,
      eta: null,
      filesDone: 0,
      filesTotal: 2,
      bandwidthLimit: request.bandwidthLimit ?? 0,
      queuePosition: this.jobs.size,
      createdAt: new Date(Date.now() + this.#nextId).toISOString(),
      startedAt: null,
      lastActivityAt: null,
    });
    this.jobs.set(id, job);
    this.emit({ type: 'job', job });
    return { job, joined: false, ...(options?.checkHub && { hubCheck: this.hubCheck }) };
  }

  list(): JobView[] {
    return [...this.jobs.values()];
  }
  get(id: string): JobView | undefined {
    return this.jobs.get(id);
  }
  files(id: string): JobFileView[] {
    this.#require(id);
    return [
      { path: 'config.json', size: 100, downloaded: 100, state: 'verified' },
      { path: 'model.safetensors', size: 900, downloaded: 0, state: 'pending' },
    ];
  }
  history(id: string): SpeedSample[] {
    this.#require(id);
    return [{ t: 1, bytesPerSecond: 10, downloaded: 10, fetchedBytes: 4 }];
  }
  async pause(id: string): Promise<JobView> {
    return this.#transition(id, ['queued', 'running'], 'paused');
  }
  async resume(id: string): Promise<JobView> {
    return this.#transition(id, ['paused'], 'queued');
  }
  async cancel(id: string): Promise<JobView> {
    return this.#transition(id, ['queued', 'running', 'paused'], 'cancelled');
  }
  async retry(id: string): Promise<JobView> {
    return this.#transition(id, ['failed', 'cancelled'], 'queued');
  }
  /** Jobs whose files a test put "on disk": completeIfOnDisk completes them while paused or queued. */
  readonly onDisk = new Set<string>();
  readonly diskChecks: string[] = [];
  async completeIfOnDisk(id: string): Promise<boolean> {
    this.diskChecks.push(id);
    const job = this.#require(id);
    if (!this.onDisk.has(id) || !['queued', 'paused'].includes(job.state)) return false;
    this.#transition(id, ['queued', 'paused'], 'completed');
    return true;
  }
  remove(id: string): void {
    const job = this.#require(id);
    if (['queued', 'running', 'paused'].includes(job.state)) {
      throw new HubgetError('INVALID_STATE', `Job ${id} is ${job.state}; cancel it before removing it`);
    }
    this.jobs.delete(id);
    this.emit({ type: 'job-removed', id });
  }
  move(id: string, position: number): JobView {
    const job = this.#require(id);
    if (job.state !== 'queued') throw new HubgetError('INVALID_STATE', `Job ${id} is not queued`);
    return this.update(id, { queuePosition: position });
  }
  setJobBandwidthLimit(id: string, bytesPerSecond: number): JobView {
    return this.update(id, { bandwidthLimit: bytesPerSecond });
  }
  async preview(request: NewJobRequest): Promise<PreviewResponse> {
    return {
      repoId: request.repoId,
      repoType: request.repoType ?? 'model',
      revision: request.revision ?? 'main',
      commit: 'a'.repeat(40),
      files: [{ path: 'config.json', size: 100, present: false, partialBytes: 0 }],
      totalBytes: 100,
      presentBytes: 0,
      bytesToFetch: 100,
      copiedBytes: 0,
      copiedFrom: [],
      bytesToWrite: 100,
      freeBytes: 1e12,
      gated: false,
      needsToken: false,
      destination: '/cache',
      message: null,
    };
  }
  getSettings(): Settings {
    // Careless on purpose: the server must strip this.
    return { ...this.settings, hfToken: this.hfToken } as Settings;
  }
  hubConfig(): HubConfig {
    return { endpoint: this.settings.endpoint, ...(this.hfToken === null ? {} : { token: this.hfToken }) };
  }
  updateSettings(update: SettingsUpdate): Settings {
    const { hfToken, ...rest } = update;
    if (hfToken !== undefined) this.hfToken = hfToken;
    this.settings = {
      ...this.settings,
      ...rest,
      hfTokenSet: this.hfToken !== null,
      hfTokenSource: this.hfToken === null ? null : { kind: 'settings' },
    };
    const settings = this.getSettings();
    this.emit({ type: 'settings', settings });
    return settings;
  }
  totalBytesPerSecond(): number {
    return this.speed;
  }
  fetchedBytes = 0;
  fetchedBytesTotal(): number {
    return this.fetchedBytes;
  }
  subscribe(listener: (event: JobServiceEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  get listenerCount(): number {
    return this.#listeners.size;
  }
  async shutdown(): Promise<void> {
    this.shutdownCalls += 1;
  }

  emit(event: JobServiceEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  /** Changes a job and emits it, as the engine would. */
  update(id: string, patch: Partial<JobView>): JobView {
    const job = { ...this.#require(id), ...patch };
    this.jobs.set(id, job);
    this.emit({ type: 'job', job });
    return job;
  }

  #require(id: string): JobView {
    const job = this.jobs.get(id);
    if (!job) throw new HubgetError('JOB_NOT_FOUND', `No job ${id}`);
    return job;
  }

  #transition(id: string, from: JobView['state'][], to: JobView['state']): JobView {
    const job = this.#require(id);
    if (!from.includes(job.state)) {
      throw new HubgetError('INVALID_STATE', `Cannot move job ${id} from ${job.state} to ${to}`);
    }
    return this.update(id, { state: to });
  }
}

/** A network monitor whose every sample is `reading` (plus hubget's speed), on the app's timer. */
export class FakeNetwork implements NetworkMonitor {
  reading: Omit<NetworkStats, 't' | 'hubgetBytesPerSecond'> = {
    supported: true,
    rxBytesPerSecond: 1000,
    txBytesPerSecond: 50,
    interfaces: [{ name: 'eth0', rxBytesPerSecond: 1000, txBytesPerSecond: 50, rxBytes: 1e6, txBytes: 1e4 }],
  };
  readonly samples: NetworkStats[] = [];
  readonly #listeners = new Set<(stats: NetworkStats) => void>();
  #hubgetRate: () => number = () => 0;
  #timer: NodeJS.Timeout | undefined;

  sample(): NetworkStats {
    const stats = { ...this.reading, t: Date.now(), hubgetBytesPerSecond: this.#hubgetRate() };
    this.samples.push(stats);
    for (const listener of this.#listeners) listener(stats);
    return stats;
  }
  latest(): NetworkStats | null {
    return this.samples.at(-1) ?? null;
  }
  history(): NetworkHistory {
    return {
      samples: this.samples.map(({ t, rxBytesPerSecond, txBytesPerSecond, hubgetBytesPerSecond }) => ({
        t,
        rxBytesPerSecond,
        txBytesPerSecond,
        hubgetBytesPerSecond,
      })),
    };
  }
  start(intervalMs = 1000): void {
    if (this.#timer) return;
    this.sample();
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
  }
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
  get running(): boolean {
    return this.#timer !== undefined;
  }
  setHubgetRate(rate: () => number): void {
    this.#hubgetRate = rate;
  }
  onSample(listener: (stats: NetworkStats) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export class FakeModels implements ModelsSource {
  catalogEntries: CatalogEntry[] = [];
  installedModels: InstalledModel[] = [];
  deletedCached: CachedModelRef[] = [];
  deletedLocal: string[] = [];
  /** Each deleteQuant() call: what it was asked, and whether to delete (DELETE) or only say (GET). */
  quantCalls: (CachedModelRef & { quant: string; execute: boolean })[] = [];
  /** The plan lookup of each installed() call (undefined: the source's own). */
  planLookups: (PlanLookup | undefined)[] = [];
  async catalog(): Promise<CatalogEntry[]> {
    return this.catalogEntries;
  }
  async installed(plans?: PlanLookup): Promise<InstalledModel[]> {
    this.planLookups.push(plans);
    return this.installedModels;
  }
  async deleteCached(ref: CachedModelRef): Promise<DeleteModelResponse> {
    const found = this.installedModels.find((m) => m.location === 'cache' && m.repoId === ref.repoId);
    if (!found) throw new HubgetError('REPO_NOT_FOUND', `${ref.repoId} is not in the cache`);
    this.deletedCached.push(ref);
    return { freedBytes: found.sizeOnDisk, deletedPaths: [found.path] };
  }
  async deleteQuant(ref: CachedModelRef & { quant: string }, execute: boolean): Promise<QuantDeletion> {
    this.quantCalls.push({ ...ref, execute });
    const quant = ref.quant.toUpperCase();
    return { quant, commits: [], files: [`x-${quant}.gguf`], freedBytes: 7, remaining: [], deletedPaths: [] };
  }
  /** Each deleteLocalQuant() call, as quantCalls. */
  localQuantCalls: { folder: string; quant: string; execute: boolean }[] = [];
  async deleteLocalQuant(folder: string, quant: string, execute: boolean): Promise<QuantDeletion> {
    this.localQuantCalls.push({ folder, quant, execute });
    const name = quant.toUpperCase();
    return {
      quant: name,
      commits: [],
      files: [`x-${name}.gguf`],
      freedBytes: 9,
      remaining: [],
      deletedPaths: [],
    };
  }
  async deleteLocal(folder: string): Promise<DeleteModelResponse> {
    this.deletedLocal.push(folder);
    return { freedBytes: 5, deletedPaths: [`/models/${folder}`] };
  }
  /** Each deleteModels() call, as quantCalls. */
  modelsCalls: { refs: readonly ModelToDeleteRef[]; execute: boolean }[] = [];
  async deleteModels(refs: readonly ModelToDeleteRef[], execute: boolean): Promise<ModelsDeletion> {
    this.modelsCalls.push({ refs, execute });
    return { models: [], freedBytes: 0, partialBytes: 0 };
  }
}

export function fakeConfig(overrides: Partial<ServerConfigInput> = {}): ServerConfig {
  return createServerConfig({
    host: '127.0.0.1',
    port: 0,
    dataDir: '/tmp/hubget-test-data',
    modelsDir: '/tmp/hubget-test-models',
    hubCacheDir: '/tmp/hubget-test-cache',
    webDir: '/nonexistent/hubget-web',
    networkIntervalMs: 50,
    heartbeatMs: 200,
    hub: { endpoint: 'http://127.0.0.1:9' },
    ...overrides,
  });
}

export interface FakeDeps extends AppDeps {
  jobs: FakeJobService;
  network: FakeNetwork;
  models: FakeModels;
}

export function fakeDeps(overrides: Partial<ServerConfigInput> = {}): FakeDeps {
  return {
    jobs: new FakeJobService(),
    network: new FakeNetwork(),
    models: new FakeModels(),
    disk: async (path) => ({ path, freeBytes: 1000, totalBytes: 2000 }),
    config: fakeConfig(overrides),
    logger: false,
  };
}
