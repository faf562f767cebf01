/**
 * Prometheus text exposition (format 0.0.4) for GET /metrics. Downloaded bytes are the jobs service's own
 * count of bytes fetched over the network since it started (bytes already on disk, e.g. reported by a
 * plan after a restart, are never counted); errors count transitions into `failed`.
 */

import type { JobState, JobView } from '../api-types.js';
import type { JobService } from '../jobs/types.js';
import type { NetworkMonitor } from './deps.js';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const JOB_STATES: readonly JobState[] = ['queued', 'running', 'paused', 'completed', 'failed', 'cancelled'];

export class MetricsCollector {
  readonly #jobs: JobService;
  readonly #network: NetworkMonitor;
  readonly #lastState = new Map<string, JobState>();
  #jobErrorsTotal = 0;
  #unsubscribe: (() => void) | undefined;

  constructor(jobs: JobService, network: NetworkMonitor) {
    this.#jobs = jobs;
    this.#network = network;
  }

  start(): void {
    for (const job of this.#jobs.list()) this.#remember(job);
    this.#unsubscribe = this.#jobs.subscribe((event) => {
      if (event.type === 'job') this.#observe(event.job);
      else if (event.type === 'job-removed') this.#lastState.delete(event.id);
    });
  }

  stop(): void {
    this.#unsubscribe?.();
  }

  #remember(job: JobView): void {
    this.#lastState.set(job.id, job.state);
  }

  #observe(job: JobView): void {
    if (job.state === 'failed' && this.#lastState.get(job.id) !== 'failed') this.#jobErrorsTotal += 1;
    this.#remember(job);
  }

  render(): string {
    const jobs = this.#jobs.list();
    const counts = new Map<JobState, number>(JOB_STATES.map((state) => [state, 0]));
    for (const job of jobs) counts.set(job.state, (counts.get(job.state) ?? 0) + 1);
    const network = this.#network.latest();
    const lines: string[] = [];
    const metric = (name: string, type: 'counter' | 'gauge', help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples)
        lines.push(`${name}${labels} ${Number.isFinite(value) ? value : 0}`);
    };
    metric(
      'hubget_downloaded_bytes_total',
      'counter',
      'Bytes downloaded by hubget jobs since the server started.',
      [['', this.#jobs.fetchedBytesTotal()]],
    );
    metric('hubget_active_jobs', 'gauge', 'Jobs currently running.', [['', counts.get('running') ?? 0]]);
    metric('hubget_download_bytes_per_second', 'gauge', "hubget's own total download speed.", [
      ['', this.#jobs.totalBytesPerSecond()],
    ]);
    metric('hubget_job_errors_total', 'counter', 'Jobs that ended failed since the server started.', [
      ['', this.#jobErrorsTotal],
    ]);
    metric(
      'hubget_jobs',
      'gauge',
      'Jobs by state.',
      JOB_STATES.map((state) => [`{state="${state}"}`, counts.get(state) ?? 0]),
    );
    if (network?.supported) {
      metric(
        'hubget_network_receive_bytes_per_second',
        'gauge',
        'Receive rate over all non-loopback interfaces.',
        [['', network.rxBytesPerSecond]],
      );
      metric(
        'hubget_network_transmit_bytes_per_second',
        'gauge',
        'Transmit rate over all non-loopback interfaces.',
        [['', network.txBytesPerSecond]],
      );
    }
    return `${lines.join('\n')}\n`;
  }
}
