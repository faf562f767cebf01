import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeDeps, fakeDeps } from '../../test/server/fake-services.js';
import { connectSse } from '../../test/server/sse-client.js';
import type { ServerEvent } from '../api-types.js';
import { buildApp } from './app.js';

let app: FastifyInstance | undefined;
let deps: FakeDeps;

async function listen(overrides: Parameters<typeof fakeDeps>[0] = {}): Promise<string> {
  deps = fakeDeps(overrides);
  app = await buildApp(deps);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

const jobEvents = (events: ServerEvent[]) =>
  events.filter((e): e is Extract<ServerEvent, { type: 'job' }> => e.type === 'job');

describe('GET /api/events', () => {
  it('sends a snapshot, then job, settings, notification, removal and network events', async () => {
    const base = await listen();
    const { job } = await deps.jobs.create({ repoId: 'org/model' });
    const client = await connectSse(`${base}/api/events`);
    expect(client.response.headers['content-type']).toMatch(/^text\/event-stream/);
    await client.waitFor(
      (events) => events.some((e) => e.type === 'settings') && jobEvents(events).length >= 1,
    );
    deps.jobs.update(job.id, { state: 'completed', downloaded: 1000, percent: 100 });
    deps.jobs.emit({
      type: 'notification',
      level: 'success',
      jobId: job.id,
      title: 'Done',
      message: 'org/model',
    });
    deps.jobs.remove(job.id);
    deps.jobs.updateSettings({ hfToken: 'hf_SECRETsecretSECRETsecret1234567890' });
    await client.waitFor(
      (events) =>
        events.some((e) => e.type === 'job-removed') &&
        events.some((e) => e.type === 'notification') &&
        events.some((e) => e.type === 'network') &&
        events.filter((e) => e.type === 'settings').length >= 2 &&
        jobEvents(events).some((e) => e.job.state === 'completed'),
    );
    const settings = client.events.filter((e) => e.type === 'settings').at(-1);
    expect(settings).toMatchObject({ settings: { hfTokenSet: true } });
    expect(JSON.stringify(client.events)).not.toContain('hf_SECRET');
    const network = client.events.find((e) => e.type === 'network');
    expect(network).toMatchObject({ stats: { rxBytesPerSecond: 1000, supported: true } });
    client.close();
  });

  it('relays the service’s job events (it re-publishes running jobs; the hub has no timer) and coalesces bursts', async () => {
    const base = await listen();
    const { job } = await deps.jobs.create({ repoId: 'org/model' });
    deps.jobs.update(job.id, { state: 'running' });
    const client = await connectSse(`${base}/api/events`);
    await client.waitFor((events) => jobEvents(events).length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const before = jobEvents(client.events).length;
    // The service's tick re-publishes the unchanged running job: each one reaches the client.
    deps.jobs.update(job.id, {});
    await client.waitFor((events) => jobEvents(events).length > before);

    const burstStart = jobEvents(client.events).length;
    for (let i = 1; i <= 50; i += 1) deps.jobs.update(job.id, { downloaded: i * 10 });
    await client.waitFor((events) => jobEvents(events).some((e) => e.job.downloaded === 500));
    // 50 updates within a millisecond: the first goes out, the rest collapse into the trailing one.
    expect(jobEvents(client.events).length - burstStart).toBeLessThan(10);
    client.close();
  });

  it('sends heartbeat comments and forgets a client that disconnects', async () => {
    const base = await listen({ heartbeatMs: 50 });
    const client = await connectSse(`${base}/api/events`);
    await client.waitFor(() => client.comments >= 2);
    client.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await connectSse(`${base}/api/events`);
    await second.waitFor((events) => events.length > 0);
    // The server still works and app.close() (afterEach) ends the open stream instead of hanging.
    const ended = new Promise((resolve) => second.response.on('end', resolve));
    await app!.close();
    app = undefined;
    await ended;
    expect(deps.jobs.listenerCount).toBe(0);
  });

  it('needs the API token as ?token= when one is configured', async () => {
    const base = await listen({ apiToken: 'sse-api-token-123' });
    const refused = await connectSse(`${base}/api/events`);
    expect(refused.response.statusCode).toBe(401);
    refused.close();
    const client = await connectSse(`${base}/api/events?token=sse-api-token-123`);
    expect(client.response.statusCode).toBe(200);
    await client.waitFor((events) => events.some((e) => e.type === 'settings'));
    client.close();
  });
});
