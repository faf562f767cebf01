import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeleteModelResponse, JobView, ModelListEntry } from '../../src/api-types.js';
import { type Harness, startHarness } from './server-harness.js';
import { connectSse } from './sse-client.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

const MiB = 1024 * 1024;

describe('downloads over the real server', () => {
  it('starts a download, streams progress over SSE at >= 1 Hz and completes', async () => {
    harness = await startHarness();
    const { hub, server } = harness;
    await hub.addRepo({
      repoId: 'org/model',
      files: [
        { path: 'config.json', content: '{"a":1}' },
        { path: 'model.safetensors', size: 3 * MiB },
      ],
    });
    // ~2 s of transfer so several progress events must come from the 1 Hz path.
    hub.setFaults({ globalBytesPerSecond: 1.5 * MiB });
    const sse = await connectSse(`${server.url}/api/events`);
    const created = await harness.api<JobView>('POST', '/api/downloads', { repoId: 'org/model' });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await sse.waitFor(() => sse.jobEvents(id).some((job) => job.state === 'completed'));
    const jobs = sse.jobEvents(id);
    const running = jobs.filter((job) => job.state === 'running');
    expect(running.length).toBeGreaterThanOrEqual(2);
    // Exact total from the listing before the bytes, and monotonic progress.
    const withTotal = running.filter((job) => job.total > 0);
    expect(withTotal[0]?.total).toBe(3 * MiB + 7);
    const downloaded = running.map((job) => job.downloaded);
    expect(downloaded).toEqual([...downloaded].sort((a, b) => a - b));
    const done = jobs.at(-1)!;
    expect(done).toMatchObject({ state: 'completed', downloaded: 3 * MiB + 7, percent: 100 });
    expect(done.resultPath).toBeTruthy();
    expect(existsSync(join(done.resultPath!, 'model.safetensors'))).toBe(true);
    expect(hub.bytesServed('org/model/model.safetensors')).toBe(3 * MiB);
    const files = await harness.api<{ path: string; state: string }[]>('GET', `/api/downloads/${id}/files`);
    expect(files.body.map((file) => file.path).sort()).toEqual(['config.json', 'model.safetensors']);
    const metrics = await harness.api('GET', '/metrics');
    expect(metrics.text).toMatch(/^hubget_jobs\{state="completed"\} 1$/m);

    const models = await harness.api<ModelListEntry[]>('GET', '/api/models');
    const entry = models.body.find((model) => model.key === 'cache:model/org/model');
    expect(entry).toMatchObject({ status: 'installed', job: { id }, installed: { repoId: 'org/model' } });
    expect(entry?.installed?.sizeOnDisk).toBeGreaterThanOrEqual(3 * MiB);
    const deleted = await harness.api<DeleteModelResponse>('DELETE', '/api/models/model/org/model');
    expect(deleted.status).toBe(200);
    expect(deleted.body.freedBytes).toBeGreaterThanOrEqual(3 * MiB);
    expect(existsSync(join(done.resultPath!, 'model.safetensors'))).toBe(false);
    const again = await harness.api<{ code: string }>('DELETE', '/api/models/model/org/model');
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('REPO_NOT_FOUND');
    sse.close();
  });

  it('pauses (no bytes flow), resumes without re-fetching finished ranges', async () => {
    harness = await startHarness();
    const { hub, server } = harness;
    await hub.addRepo({ repoId: 'org/big', files: [{ path: 'weights.bin', size: 4 * MiB }] });
    hub.setFaults({ globalBytesPerSecond: 2 * MiB });
    const sse = await connectSse(`${server.url}/api/events`);
    const { body: job } = await harness.api<JobView>('POST', '/api/downloads', { repoId: 'org/big' });
    await sse.waitFor(() => sse.jobEvents(job.id).some((j) => j.downloaded >= 1 * MiB));
    const inUse = await harness.api<{ code: string }>('DELETE', '/api/models/model/org/big');
    expect(inUse.status).toBe(409);
    expect(inUse.body.code).toBe('IN_USE');
    const paused = await harness.api<JobView>('POST', `/api/downloads/${job.id}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.body.state).toBe('paused');
    // Let in-flight socket buffers drain, then nothing may arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const servedAtPause = hub.bytesServed();
    const onDiskAtPause = (await harness.api<JobView>('GET', `/api/downloads/${job.id}`)).body.downloaded;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(hub.bytesServed()).toBe(servedAtPause);
    expect((await harness.api<JobView>('GET', `/api/downloads/${job.id}`)).body.state).toBe('paused');
    hub.setFaults({ globalBytesPerSecond: undefined });
    const resumed = await harness.api<JobView>('POST', `/api/downloads/${job.id}/resume`);
    expect(resumed.status).toBe(200);
    await sse.waitFor(() => sse.jobEvents(job.id).some((j) => j.state === 'completed'));
    const total = 4 * MiB;
    const refetched = hub.bytesServed('org/big/weights.bin') - total;
    // Only bytes fetched but not yet written at the pause may come again; finished ranges never.
    expect(refetched).toBeLessThanOrEqual(servedAtPause - onDiskAtPause);
    expect(refetched).toBeLessThan(total * 0.1);
    sse.close();
  });

  it('keeps the parallel limit: with maxParallel 1 never two jobs run at once', async () => {
    harness = await startHarness();
    const { hub, server } = harness;
    for (const name of ['a', 'b', 'c']) {
      await hub.addRepo({ repoId: `org/${name}`, files: [{ path: 'w.bin', size: 256 * 1024 }] });
    }
    hub.setFaults({ globalBytesPerSecond: 1 * MiB });
    expect((await harness.api('PUT', '/api/settings', { maxParallel: 1 })).status).toBe(200);
    const sse = await connectSse(`${server.url}/api/events`);
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      ids.push((await harness.api<JobView>('POST', '/api/downloads', { repoId: `org/${name}` })).body.id);
    }
    const states = new Map<string, string>();
    let maxRunning = 0;
    await sse.waitFor((events) => {
      states.clear();
      for (const event of events) {
        if (event.type !== 'job') continue;
        states.set(event.job.id, event.job.state);
        maxRunning = Math.max(maxRunning, [...states.values()].filter((s) => s === 'running').length);
      }
      return ids.every((id) => states.get(id) === 'completed');
    });
    expect(maxRunning).toBe(1);
    sse.close();
  });

  it('answers bad input with 400/404 and a clear message over HTTP', async () => {
    harness = await startHarness();
    const badId = await harness.api<{ code: string; message: string }>('POST', '/api/downloads', {
      repoId: '../../etc/passwd',
    });
    expect(badId.status).toBe(400);
    expect(badId.body.code).toBe('INVALID_REPO_ID');
    const unknownField = await harness.api<{ code: string; message: string }>('POST', '/api/downloads', {
      repoId: 'org/model',
      destination: 'x',
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.message).toBe('Unknown body field "destination"');
    const missingJob = await harness.api<{ code: string }>('POST', '/api/downloads/0b0e7a1c/pause');
    expect(missingJob.status).toBe(404);
    expect(missingJob.body.code).toBe('JOB_NOT_FOUND');
    const negative = await harness.api<{ message: string }>('PUT', '/api/settings', { bandwidthLimit: -5 });
    expect(negative.status).toBe(400);
    expect(negative.body.message).toMatch(/bandwidthLimit/);
    const hostile = await harness.api<{ code: string }>('POST', '/api/downloads', {
      repoId: 'org/model',
      localDir: '../../etc',
    });
    expect(hostile.status).toBe(400);
    expect((await harness.api<JobView[]>('GET', '/api/downloads')).body).toEqual([]);
  });
});
