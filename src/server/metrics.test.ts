import { describe, expect, it, vi } from 'vitest';
import type { JobService } from '../jobs/index.js';
import type { NetworkMonitor } from './deps.js';

/** What MetricsCollector reads of the jobs service and the network sampler: an idle server. */
const idleJobs = {
  list: () => [],
  fetchedBytesTotal: () => 0,
  totalBytesPerSecond: () => 0,
  subscribe: () => () => {},
} as unknown as JobService;
const noNetwork = { latest: () => undefined } as unknown as NetworkMonitor;

function sampleOf(text: string, name: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  if (line === undefined) throw new Error(`no sample of ${name} in:\n${text}`);
  return Number(line.slice(name.length + 1));
}

/** Spends at least `seconds` of this process's CPU time (user + system). */
function spendCpu(seconds: number): void {
  const start = process.cpuUsage();
  let spent = 0;
  let sink = 0;
  while (spent < seconds) {
    for (let i = 0; i < 100_000; i++) sink += Math.sqrt(i);
    const now = process.cpuUsage(start);
    spent = (now.user + now.system) / 1e6;
  }
  expect(sink).toBeGreaterThan(0);
}

describe('GET /metrics process metrics', () => {
  it('counts the CPU spent between the server start (the collector) and the first scrape', async () => {
    vi.resetModules(); // a process whose metrics nothing registered yet, as at `hubget serve`
    const { MetricsCollector } = await import('./metrics.js');
    const collector = new MetricsCollector(idleJobs, noNetwork);
    spendCpu(0.3);
    const text = await collector.render();
    expect(sampleOf(text, 'process_cpu_seconds_total')).toBeGreaterThanOrEqual(0.3);
    expect(sampleOf(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });
});
