/** HTTPS_PROXY / HTTP_PROXY are honoured by the shared dispatcher (src/hub/http.ts) for every Hub call. */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Agent, EnvHttpProxyAgent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpDispatcher,
  hubRequest,
  parseRepoRef,
  resolveSnapshot,
  resolveUrl,
} from '../../src/hub/index.js';
import { startTestHub, type TestHub } from './test-hub.js';

const PROXY_VARS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];

/** A minimal forward proxy: absolute-URI requests and CONNECT tunnels, each recorded. */
function startProxy(): Promise<{ server: Server; url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = httpRequest(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host = '', port = '80'] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${port}`, seen });
    }),
  );
}

let hub: TestHub;
let proxy: Awaited<ReturnType<typeof startProxy>>;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({ repoId: 'org/proxied', files: [{ path: 'w.bin', size: 20_000 }] });
  proxy = await startProxy();
  for (const name of PROXY_VARS) saved[name] = process.env[name];
});
afterAll(async () => {
  for (const name of PROXY_VARS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await hub.close();
  proxy.server.closeAllConnections();
  await new Promise((resolve) => proxy.server.close(resolve));
});

describe('proxy', () => {
  it('sends Hub API and resolve requests through HTTP_PROXY when NO_PROXY does not exclude them', async () => {
    for (const name of PROXY_VARS) delete process.env[name];
    process.env.HTTP_PROXY = proxy.url;
    process.env.HTTPS_PROXY = proxy.url;
    process.env.NO_PROXY = '';
    const dispatcher = createHttpDispatcher();
    try {
      const config = { endpoint: hub.url, token: hub.token };
      const repo = parseRepoRef('org/proxied');
      const snapshot = await resolveSnapshot({ dispatcher, hub: config, repo, revision: 'main' });
      const fileUrl = resolveUrl(config.endpoint, repo, snapshot.commit, 'w.bin');
      await hubRequest(config, fileUrl, { dispatcher, method: 'HEAD' });
      const hubHost = new URL(hub.url).host;
      // undici tunnels through CONNECT (one per connection) or forwards absolute URIs: either way the
      // proxy saw traffic for the hub's host, and the hub saw every request.
      expect(proxy.seen.some((line) => line.includes(hubHost))).toBe(true);
      // The revision info (it lists the files too), then the file's HEAD.
      expect(hub.requests.map((r) => r.method)).toEqual(['GET', 'HEAD']);
    } finally {
      await dispatcher.close();
    }
  });

  it('is a plain keep-alive Agent when no proxy variable is set (no proxy lookup per request)', async () => {
    for (const name of PROXY_VARS) delete process.env[name];
    proxy.seen.length = 0;
    const dispatcher = createHttpDispatcher();
    try {
      expect(dispatcher).toBeInstanceOf(Agent);
      expect(dispatcher).not.toBeInstanceOf(EnvHttpProxyAgent);
      const snapshot = await resolveSnapshot({
        dispatcher,
        hub: { endpoint: hub.url },
        repo: parseRepoRef('org/proxied'),
        revision: 'main',
      });
      expect(snapshot.files.map((file) => file.path)).toEqual(['w.bin']);
      expect(proxy.seen).toEqual([]);
    } finally {
      await dispatcher.close();
    }
    process.env.HTTPS_PROXY = proxy.url;
    const proxied = createHttpDispatcher();
    expect(proxied).toBeInstanceOf(EnvHttpProxyAgent);
    await proxied.close();
  });

  it('goes direct when NO_PROXY lists the host', async () => {
    process.env.HTTP_PROXY = proxy.url;
    process.env.HTTPS_PROXY = proxy.url;
    process.env.NO_PROXY = '127.0.0.1';
    proxy.seen.length = 0;
    const dispatcher = createHttpDispatcher();
    try {
      await resolveSnapshot({
        dispatcher,
        hub: { endpoint: hub.url },
        repo: parseRepoRef('org/proxied'),
        revision: 'main',
      });
      expect(proxy.seen).toEqual([]);
    } finally {
      await dispatcher.close();
    }
  });
});
