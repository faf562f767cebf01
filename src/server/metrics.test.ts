import { describe, expect, it, vi } from 'vitest';
import { jobFixture } from '../../test/support/web/job-fixture.js';
import type { JobView } from '../api-types.js';
import type { JobService } from '../jobs/index.js';
import type { NetworkMonitor } from './deps.js';
import { MetricsCollector } from './metrics.js';

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

  it('counts the CPU the process spent before the collector too: its totals', async () => {
    vi.resetModules();
    const { MetricsCollector } = await import('./metrics.js');
    spendCpu(0.3); // what loading hubget's modules costs a server before it makes its collector
    const before = process.cpuUsage();
    const collector = new MetricsCollector(idleJobs, noNetwork);
    const text = await collector.render();
    const after = process.cpuUsage();
    const total = sampleOf(text, 'process_cpu_seconds_total');
    expect(total).toBeGreaterThanOrEqual((before.user + before.system) / 1e6);
    expect(total).toBeLessThanOrEqual((after.user + after.system) / 1e6);
    expect(sampleOf(text, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(before.user / 1e6);
  });
});

describe("GET /metrics hubget's jobs", () => {
  /** The jobs service's list: its own jobs and the downloads of other programs it watches. */
  const jobsListing = (list: JobView[]) =>
    ({ ...idleJobs, list: () => list, totalBytesPerSecond: () => 1_000 }) as unknown as JobService;

  it("counts another program's download apart, not among hubget's running jobs", async () => {
    const collector = new MetricsCollector(
      jobsListing([
        jobFixture({ id: 'own-running', state: 'running', speed: 1_000 }),
        jobFixture({ id: 'own-queued', state: 'queued', speed: 0 }),
        // A killed huggingface_hub process's left-over temp file: "running", stalled, as long as it lasts.
        jobFixture({ id: 'ext-1', kind: 'external', state: 'running', speed: 0, stalled: true }),
        jobFixture({ id: 'ext-2', kind: 'external', state: 'running', speed: 0 }),
      ]),
      noNetwork,
    );
    const text = await collector.render();
    expect(sampleOf(text, 'hubget_active_jobs')).toBe(1);
    expect(sampleOf(text, 'hubget_jobs{state="running"}')).toBe(1);
    expect(sampleOf(text, 'hubget_jobs{state="queued"}')).toBe(1);
    expect(sampleOf(text, 'hubget_external_downloads')).toBe(2);
    expect(sampleOf(text, 'hubget_download_bytes_per_second')).toBe(1_000);
  });
});
