/**
 * Samples the network source once per interval, adds hubget's own download speed (from the jobs
 * service), keeps a bounded history for /api/system/network/history and tells subscribers (the SSE hub).
 */
import type { NetworkHistory, NetworkStats } from '../api-types.js';
import type { NetworkSource } from './deps.js';

export interface NetworkSamplerOptions {
  source: NetworkSource;
  hubgetBytesPerSecond: () => number;
  intervalMs: number;
  historySize: number;
  onError?: (error: unknown) => void;
}

export class NetworkSampler {
  readonly #options: NetworkSamplerOptions;
  readonly #history: NetworkHistory['samples'] = [];
  readonly #listeners = new Set<(stats: NetworkStats) => void>();
  #timer: NodeJS.Timeout | undefined;
  #latest: NetworkStats | undefined;

  constructor(options: NetworkSamplerOptions) {
    this.#options = options;
  }

  /** Reads the source now (also what GET /api/system/network answers). */
  async read(): Promise<NetworkStats> {
    const reading = await this.#options.source.current();
    return { ...reading, hubgetBytesPerSecond: this.#options.hubgetBytesPerSecond() };
  }

  latest(): NetworkStats | undefined {
    return this.#latest;
  }

  history(): NetworkHistory {
    return { samples: [...this.#history] };
  }

  subscribe(listener: (stats: NetworkStats) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.#tick(), this.#options.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #tick(): Promise<void> {
    let stats: NetworkStats;
    try {
      stats = await this.read();
    } catch (error) {
      this.#options.onError?.(error);
      return;
    }
    this.#latest = stats;
    this.#history.push({
      t: stats.t,
      rxBytesPerSecond: stats.rxBytesPerSecond,
      txBytesPerSecond: stats.txBytesPerSecond,
      hubgetBytesPerSecond: stats.hubgetBytesPerSecond,
    });
    if (this.#history.length > this.#options.historySize) this.#history.shift();
    for (const listener of this.#listeners) listener(stats);
  }
}
