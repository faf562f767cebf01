import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../../test/hub/test-hub.js';
import { Upstream, UpstreamUnreachable } from './upstream.js';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
});

afterAll(async () => {
  await hub?.close();
});

describe('Upstream.foundReachable (what GET /api/mirror and the Settings page say)', () => {
  it('stays false after its retry window ends, until the upstream answers again', async () => {
    let now = 1_000_000;
    // A closed port on 127.0.0.1: every request is refused.
    let endpoint = 'http://127.0.0.1:1';
    const upstream = new Upstream({ hub: () => ({ endpoint }), offline: false, now: () => now });
    expect(upstream.foundReachable()).toBe(true);
    await expect(upstream.send('GET', '/api/models/org/a')).rejects.toBeInstanceOf(UpstreamUnreachable);
    expect(upstream.foundReachable()).toBe(false);
    // The window in which nothing is asked is over: the mirror would try again, but nothing answered yet.
    now += 11_000;
    expect(upstream.reachable).toBe(true);
    expect(upstream.foundReachable()).toBe(false);
    // That look asked the upstream (a probe), which is still refused.
    await upstream.probe();
    expect(upstream.foundReachable()).toBe(false);

    // The upstream is back (here: another address): the first look after the window asks it, the next says so.
    endpoint = hub.url;
    now += 11_000;
    expect(upstream.foundReachable()).toBe(false);
    expect(await upstream.probe()).toBe(true);
    expect(upstream.foundReachable()).toBe(true);
  });

  it('is false with --mirror-offline', () => {
    const upstream = new Upstream({ hub: () => ({ endpoint: hub.url }), offline: true });
    expect(upstream.foundReachable()).toBe(false);
  });
});
