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

/** The job completes, and its "Done" notification goes out. */
function completeWithNotification(jobId: string): void {
  deps.jobs.update(jobId, { state: 'completed', downloaded: 1000, percent: 100 });
  deps.jobs.emit({ type: 'notification', level: 'success', jobId, title: 'Done', message: 'org/model' });
}

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
    completeWithNotification(job.id);
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

describe('GET /api/events after a reconnect (Last-Event-ID)', () => {
  it('numbers events and replays the notifications and removals a reconnecting client missed', async () => {
    const base = await listen();
    const { job } = await deps.jobs.create({ repoId: 'org/model' });
    const other = await deps.jobs.create({ repoId: 'org/other' });
    const first = await connectSse(`${base}/api/events`);
    await first.waitFor((events) => jobEvents(events).length >= 2);
    expect(first.ids.every((id) => /^[0-9a-f]+-\d+$/.test(id))).toBe(true);
    deps.jobs.update(job.id, { state: 'running' });
    deps.jobs.update(other.job.id, { state: 'completed' });
    await first.waitFor(
      (events) =>
        jobEvents(events).some((e) => e.job.state === 'running') &&
        jobEvents(events).some((e) => e.job.state === 'completed'),
    );
    const lastSeen = first.lastEventId;
    first.close();

    // While the client is away: a state change (the snapshot restores it) and two one-off events.
    completeWithNotification(job.id);
    deps.jobs.remove(other.job.id);

    const again = await connectSse(`${base}/api/events`, { 'last-event-id': lastSeen });
    await again.waitFor((events) => events.some((e) => e.type === 'settings'));
    const types = again.events.map((e) => e.type);
    // The missed one-off events first, in order, then the snapshot (which has the completed job).
    expect(types.slice(0, 3)).toEqual(['notification', 'job-removed', 'settings']);
    expect(again.events[0]).toMatchObject({ type: 'notification', title: 'Done', jobId: job.id });
    expect(again.events[1]).toEqual({ type: 'job-removed', id: other.job.id });
    expect(jobEvents(again.events).map((e) => [e.job.id, e.job.state])).toEqual([[job.id, 'completed']]);
    // The snapshot carries the latest id: a second reconnect from here replays nothing.
    const latest = again.lastEventId;
    expect(latest).not.toBe(lastSeen);
    again.close();
    const third = await connectSse(`${base}/api/events`, { 'last-event-id': latest });
    await third.waitFor((events) => events.some((e) => e.type === 'settings'));
    expect(third.events.some((e) => e.type === 'notification' || e.type === 'job-removed')).toBe(false);
    third.close();

    // A fresh page (no Last-Event-ID) and an id of another server process get the snapshot only.
    const cases: Record<string, string>[] = [{}, { 'last-event-id': '00000000-1' }];
    for (const headers of cases) {
      const fresh = await connectSse(`${base}/api/events`, headers);
      await fresh.waitFor((events) => events.some((e) => e.type === 'settings'));
      expect(fresh.events[0]?.type).toBe('settings');
      fresh.close();
    }
  });
});
