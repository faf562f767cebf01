import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Upstream } from './upstream.js';
import { UpstreamWatch } from './upstream-watch.js';

let server: Server | undefined;
let requests = 0;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  requests = 0;
});

/** An upstream on 127.0.0.1 that answers every request with `status` and counts them. */
async function answering(status: number): Promise<string> {
  server = createServer((_req, res) => {
    requests += 1;
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port on 127.0.0.1 with nothing listening (bound, read, closed). */
async function closedPort(): Promise<string> {
  const url = await answering(200);
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  server = undefined;
  return url;
}

function watched(endpoint: string) {
  const upstream = new Upstream({ hub: () => ({ endpoint }), offline: false, timeoutMs: 2000 });
  const gone: number[] = [];
  upstream.onUnreachable(() => gone.push(1));
  return { upstream, watch: new UpstreamWatch(upstream), gone };
}

describe('UpstreamWatch', () => {
  it('asks an upstream that answered lately once more after an attempt without an answer; silent → unreachable', async () => {
    const { upstream, watch, gone } = watched(await closedPort());
    upstream.noteContact();
    expect(upstream.recentlyContacted).toBe(true);
    watch.pullFailed('TRANSFER_FAILED');
    await vi.waitFor(() => expect(upstream.reachable).toBe(false));
    expect(gone.length).toBeGreaterThanOrEqual(1);
  });

  it('leaves an upstream that answers the check to the engine’s retries (any HTTP status is an answer)', async () => {
    const { upstream, watch, gone } = watched(await answering(503));
    watch.pullFailed('STALLED');
    await vi.waitFor(() => expect(requests).toBe(1));
    expect(upstream.reachable).toBe(true);
    expect(gone).toEqual([]);
  });

  it('ignores failures the upstream answered (HTTP errors, an expired URL) and marks a network error at once', async () => {
    const { upstream, watch, gone } = watched(await answering(200));
    watch.pullFailed('HUB_HTTP_ERROR');
    watch.pullFailed('URL_EXPIRED');
    expect(requests).toBe(0);
    expect(upstream.reachable).toBe(true);
    watch.pullFailed('NETWORK_UNREACHABLE');
    expect(upstream.reachable).toBe(false);
    expect(requests).toBe(0);
    expect(gone).toEqual([1]);
  });

  it('shares one check between concurrent failures', async () => {
    const { upstream, watch } = watched(await answering(200));
    watch.pullFailed('TRANSFER_FAILED');
    watch.pullFailed('TRANSFER_FAILED');
    expect(await upstream.probe()).toBe(true);
    expect(requests).toBe(1);
  });
});
