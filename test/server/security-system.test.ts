import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobView, NetworkStats } from '../../src/api-types.js';
import { startServer } from '../../src/server/serve.js';
import { createServerConfig } from '../../src/server/server-config.js';
import { type Harness, startHarness } from './server-harness.js';
import { connectSse } from './sse-client.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

const HF_TOKEN = 'hf_IntegrationSecret0123456789abcdef';
const API_TOKEN = 'integration-api-token-42';

/** A raw request with the headers a browser would send from another site (fetch may not set Origin). */
function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('security over real HTTP', () => {
  it('refuses to start on a non-loopback address without an API token, before touching the disk', async () => {
    harness = await startHarness();
    const dataDir = join(harness.dir, 'other-data');
    await expect(async () =>
      startServer(createServerConfig({ ...harness!.config, host: '0.0.0.0', apiToken: undefined, dataDir })),
    ).rejects.toThrow(/Refusing to listen on 0\.0\.0\.0 without an API token/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('enforces the API token and refuses cross-origin writes', async () => {
    harness = await startHarness({ apiToken: API_TOKEN });
    const { server } = harness;
    expect((await fetch(`${server.url}/api/downloads`)).status).toBe(401);
    expect((await harness.api('GET', '/api/downloads')).status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const refused = await connectSse(`${server.url}/api/events`);
    expect(refused.response.statusCode).toBe(401);
    refused.close();
    const sse = await connectSse(`${server.url}/api/events?token=${API_TOKEN}`);
    expect(sse.response.statusCode).toBe(200);
    sse.close();

    const host = new URL(server.url).host;
    const body = JSON.stringify({ repoId: 'org/model' });
    const crossSite = await rawRequest(
      `${server.url}/api/downloads`,
      'POST',
      {
        authorization: `Bearer ${API_TOKEN}`,
        'content-type': 'application/json',
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      body,
    );
    expect(crossSite.status).toBe(403);
    expect(JSON.parse(crossSite.body).code).toBe('CROSS_ORIGIN_REQUEST');
    const sameOrigin = await rawRequest(
      `${server.url}/api/downloads/preview`,
      'POST',
      {
        authorization: `Bearer ${API_TOKEN}`,
        'content-type': 'application/json',
        origin: `http://${host}`,
        'sec-fetch-site': 'same-origin',
      },
      body,
    );
    expect(sameOrigin.status).not.toBe(403);
    expect((await harness.api<JobView[]>('GET', '/api/downloads')).body).toEqual([]);
  });

  it('never puts the HF token in a response, an event, a log line or a progress file', async () => {
    harness = await startHarness({}, { token: HF_TOKEN });
    const { hub, server } = harness;
    await hub.addRepo({
      repoId: 'org/private',
      private: true,
      files: [
        { path: 'config.json', content: '{}' },
        { path: 'w.bin', size: 512 * 1024 },
      ],
    });
    hub.setFaults({ globalBytesPerSecond: 512 * 1024 });
    const progressDir = join(harness.dir, 'progress');
    const sse = await connectSse(`${server.url}/api/events`);
    const texts: string[] = [];
    const put = await harness.api('PUT', '/api/settings', { hfToken: HF_TOKEN, progressDir });
    expect(put.status).toBe(200);
    texts.push(put.text);
    const preview = await harness.api('POST', '/api/downloads/preview', { repoId: 'org/private' });
    texts.push(preview.text);
    const created = await harness.api<JobView>('POST', '/api/downloads', { repoId: 'org/private' });
    texts.push(created.text);
    const progressFiles: string[] = [];
    await sse.waitFor(() => {
      // Progress files exist only while a job runs: read them as they are written.
      if (existsSync(progressDir)) {
        for (const name of readdirSync(progressDir)) {
          try {
            progressFiles.push(readFileSync(join(progressDir, name), 'utf8'));
          } catch {
            // Replaced or removed between readdir and read.
          }
        }
      }
      return sse
        .jobEvents(created.body.id)
        .some((job) => job.state === 'completed' || job.state === 'failed');
    });
    expect(sse.jobEvents(created.body.id).at(-1)?.state).toBe('completed');
    expect(progressFiles.length).toBeGreaterThan(0);
    for (const path of [
      '/api/settings',
      '/api/downloads',
      `/api/downloads/${created.body.id}`,
      `/api/downloads/${created.body.id}/files`,
      '/api/models',
      '/metrics',
      '/api/openapi.json',
    ]) {
      texts.push((await harness.api('GET', path)).text);
    }
    texts.push(JSON.stringify(sse.events));
    sse.close();
    await harness.server.close();
    const everything = [...texts, ...progressFiles, harness.logs()];
    expect(harness.logs()).toContain('"url":"/api/settings"');
    for (const text of everything) expect(text).not.toContain(HF_TOKEN);
    // The token was really used: the private repo downloaded.
    expect(hub.requests.some((entry) => entry.authorization)).toBe(true);
  });
});

describe('system endpoints over real HTTP', () => {
  const procNetDev = (rx: number, tx: number) =>
    [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo: 9999999    100    0    0    0     0          0         0  9999999    100    0    0    0     0       0          0',
      `  eth0: ${rx}   8901    0    0    0     0          0         0   ${tx}    3210    0    0    0     0       0          0`,
      '',
    ].join('\n');

  it('reads network throughput from an injected /proc/net/dev', async () => {
    const path = join(
      await import('node:os').then((os) => os.tmpdir()),
      `hubget-net-${process.pid}-${Date.now()}`,
    );
    await writeFile(path, procNetDev(1_000_000, 2_000));
    try {
      harness = await startHarness({ procNetDevPath: path, networkIntervalMs: 100 });
      const first = await harness.api<NetworkStats>('GET', '/api/system/network');
      expect(first.body).toMatchObject({ supported: true });
      expect(first.body.interfaces.find((i) => i.name === 'eth0')).toMatchObject({
        rxBytes: 1_000_000,
        txBytes: 2_000,
      });
      await writeFile(path, procNetDev(3_000_000, 4_000));
      // The monitor samples every 100 ms; poll (the machine may be busy) until the jump shows.
      let rates: number[] = [];
      for (let attempt = 0; attempt < 50 && !rates.some((rate) => rate > 0); attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const history = await harness.api<{ samples: { rxBytesPerSecond: number }[] }>(
          'GET',
          '/api/system/network/history',
        );
        rates = history.body.samples.map((sample) => sample.rxBytesPerSecond);
      }
      expect(rates.some((rate) => rate > 0)).toBe(true);
      // Only eth0 moved (loopback is excluded from the totals): 2 MB over at least one ~100 ms period.
      expect(Math.max(...rates)).toBeLessThanOrEqual(2_000_000 / 0.01);
    } finally {
      await import('node:fs/promises').then((fs) => fs.rm(path, { force: true }));
    }
  });

  it('serves Prometheus text that parses, with the downloaded bytes counted', async () => {
    harness = await startHarness();
    await harness.hub.addRepo({ repoId: 'org/m', files: [{ path: 'w.bin', size: 300 * 1024 }] });
    const sse = await connectSse(`${harness.server.url}/api/events`);
    const { body: job } = await harness.api<JobView>('POST', '/api/downloads', { repoId: 'org/m' });
    await sse.waitFor(() => sse.jobEvents(job.id).some((j) => j.state === 'completed'));
    sse.close();
    const metrics = await harness.api('GET', '/metrics');
    expect(metrics.status).toBe(200);
    const typed = new Map<string, string>();
    const samples = new Map<string, number>();
    for (const line of metrics.text.trimEnd().split('\n')) {
      if (line === '') continue; // the text format ignores empty lines (prom-client separates metrics)
      const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
      if (type) {
        typed.set(type[1]!, type[2]!);
        continue;
      }
      if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
      const sample =
        /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"\\\n]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"\\\n]*")*\})? (-?[0-9.]+(?:e[+-]?[0-9]+)?|NaN|[+-]Inf)$/.exec(
          line,
        );
      expect(sample, `line does not parse: ${line}`).not.toBeNull();
      // A histogram's samples are <name>_bucket, <name>_sum and <name>_count.
      const family = sample![1]!.replace(/_(bucket|sum|count)$/, '');
      expect(typed.has(sample![1]!) || typed.get(family) === 'histogram', `no TYPE before ${line}`).toBe(
        true,
      );
      samples.set(`${sample![1]}${sample![2] ?? ''}`, Number(sample![4]));
    }
    expect(samples.get('hubget_downloaded_bytes_total')).toBe(300 * 1024);
    expect(samples.get('hubget_active_jobs')).toBe(0);
    expect(samples.get('hubget_job_errors_total')).toBe(0);
    expect(samples.get('hubget_jobs{state="completed"}')).toBe(1);
    expect(samples.has('hubget_download_bytes_per_second')).toBe(true);
    expect(typed.get('hubget_downloaded_bytes_total')).toBe('counter');
    // The process metrics operators expect (prom-client's defaults).
    expect(samples.get('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(samples.get('process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(samples.get('process_open_fds')).toBeGreaterThan(0);
    expect(typed.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(typed.get('nodejs_gc_duration_seconds')).toBe('histogram');
  });
});
