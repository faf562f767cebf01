/**
 * GET /metrics through prom-client (the standard Prometheus client for Node), in text format 0.0.4.
 * - The process metrics every Node service exposes (collectDefaultMetrics: resident memory, CPU seconds,
 *   event-loop lag, GC durations, open file descriptors, heap, handles), registered once per process, when
 *   the first collector is made (the server's start): prom-client counts CPU seconds and GC durations from
 *   their registration, so one made at the first scrape left out all the work before it. The CPU counters
 *   start at what the process spent before that, so they are its totals.
 * - hubget's own metrics, read from the jobs service and the network sampler when scraped. Downloaded bytes
 *   are the service's count of bytes fetched over the network since it started (bytes already on disk,
 *   e.g. reported by a plan after a restart, are never counted); errors count transitions into `failed`.
 */
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { JobState, JobView } from '../api-types.js';
import type { JobService } from '../jobs/index.js';
import type { NetworkMonitor } from './deps.js';

const JOB_STATES: readonly JobState[] = ['queued', 'running', 'paused', 'completed', 'failed', 'cancelled'];

/**
 * hubget's jobs, without the downloads other programs run (kind `external`): those show as `running` for as
 * long as their temp files last, a killed process's left-over for ever, and none of their bytes are hubget's
 * (`hubget_download_bytes_per_second` leaves them out too); `hubget_external_downloads` counts them.
 */
function ownJobs(jobs: JobService): JobView[] {
  return jobs.list().filter((job) => job.kind !== 'external');
}

let processRegistry: Registry | undefined;
/** Process metrics belong to the process, not to one app: one registry, however many apps (tests) run. */
function processMetrics(): Registry {
  if (!processRegistry) {
    const spentBefore = process.cpuUsage();
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
    // prom-client counts CPU seconds from here on: add what the process spent before (loading its modules,
    // starting), so they are the process's totals, as `process_cpu_seconds_total` is for other exporters.
    const add = (name: string, micros: number) =>
      (processRegistry?.getSingleMetric(name) as Counter | undefined)?.inc(micros / 1e6);
    add('process_cpu_user_seconds_total', spentBefore.user);
    add('process_cpu_system_seconds_total', spentBefore.system);
    add('process_cpu_seconds_total', spentBefore.user + spentBefore.system);
  }
  return processRegistry;
}

export class MetricsCollector {
  readonly #jobs: JobService;
  readonly #registry = new Registry();
  readonly #lastState = new Map<string, JobState>();
  readonly #jobErrors: Counter;
  #unsubscribe: (() => void) | undefined;

  constructor(jobs: JobService, network: NetworkMonitor) {
    processMetrics();
    this.#jobs = jobs;
    const registers = [this.#registry];
    new Counter({
      name: 'hubget_downloaded_bytes_total',
      help: 'Bytes downloaded by hubget jobs since the server started.',
      registers,
      collect() {
        this.reset();
        this.inc(jobs.fetchedBytesTotal());
      },
    });
    new Gauge({
      name: 'hubget_active_jobs',
      help: 'Jobs currently running.',
      registers,
      collect() {
        this.set(ownJobs(jobs).filter((job) => job.state === 'running').length);
      },
    });
    new Gauge({
      name: 'hubget_external_downloads',
      help: 'Downloads of other programs seen through their temp files in the cache and models folders.',
      registers,
      collect() {
        this.set(jobs.list().filter((job) => job.kind === 'external').length);
      },
    });
    new Gauge({
      name: 'hubget_download_bytes_per_second',
      help: "hubget's own total download speed.",
      registers,
      collect() {
        this.set(jobs.totalBytesPerSecond());
      },
    });
    this.#jobErrors = new Counter({
      name: 'hubget_job_errors_total',
      help: 'Jobs that ended failed since the server started.',
      registers,
    });
    new Gauge({
      name: 'hubget_jobs',
      help: 'Jobs by state.',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = new Map<JobState, number>(JOB_STATES.map((state) => [state, 0]));
        for (const job of ownJobs(jobs)) counts.set(job.state, (counts.get(job.state) ?? 0) + 1);
        for (const [state, count] of counts) this.set({ state }, count);
      },
    });
    // NaN (Prometheus' "no value") where the platform has no interface counters.
    const rate = (pick: 'rxBytesPerSecond' | 'txBytesPerSecond') => {
      const stats = network.latest();
      return stats?.supported ? stats[pick] : Number.NaN;
    };
    new Gauge({
      name: 'hubget_network_receive_bytes_per_second',
      help: 'Receive rate over all non-loopback interfaces.',
      registers,
      collect() {
        this.set(rate('rxBytesPerSecond'));
      },
    });
    new Gauge({
      name: 'hubget_network_transmit_bytes_per_second',
      help: 'Transmit rate over all non-loopback interfaces.',
      registers,
      collect() {
        this.set(rate('txBytesPerSecond'));
      },
    });
  }

  /** hubget's own registry: other parts of the server (the mirror) register their metrics here. */
  get registry(): Registry {
    return this.#registry;
  }

  /** `text/plain; version=0.0.4; charset=utf-8` */
  get contentType(): string {
    return this.#registry.contentType;
  }

  start(): void {
    for (const job of this.#jobs.list()) this.#lastState.set(job.id, job.state);
    this.#unsubscribe = this.#jobs.subscribe((event) => {
      if (event.type === 'job') this.#observe(event.job);
      else if (event.type === 'job-removed') this.#lastState.delete(event.id);
    });
  }

  stop(): void {
    this.#unsubscribe?.();
  }

  #observe(job: JobView): void {
    if (job.state === 'failed' && this.#lastState.get(job.id) !== 'failed') this.#jobErrors.inc();
    this.#lastState.set(job.id, job.state);
  }

  /** The exposition: process metrics, then hubget's. */
  async render(): Promise<string> {
    return Registry.merge([processMetrics(), this.#registry]).metrics();
  }
}
