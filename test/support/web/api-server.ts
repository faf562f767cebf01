/**
 * A real HTTP server on 127.0.0.1:0 answering a scripted subset of the hubget API, for component tests:
 * it records every request so a test can check what the UI sent.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NetworkStats } from '../../../src/api-types.js';
import { type Api, createApi } from '../../../web/src/api/client.js';

export interface RecordedRequest {
  method: string;
  url: string;
  body: unknown;
}

export type Route = (request: RecordedRequest) => { status?: number; body?: unknown } | undefined;

export interface ScriptedApi {
  api: Api;
  requests: RecordedRequest[];
  /**
   * The first request recorded that `matches`, once it arrives: a test waits for what the UI sends, however long
   * a loaded machine takes (no deadline of its own: the test's timeout ends a wait for nothing).
   */
  received: (matches: (request: RecordedRequest) => boolean) => Promise<RecordedRequest>;
  /** While true, every request's connection is dropped unanswered: a server that is down. */
  setUnreachable: (unreachable: boolean) => void;
  close: () => Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

export async function startScriptedApi(routes: Record<string, Route>): Promise<ScriptedApi> {
  const requests: RecordedRequest[] = [];
  /** Waits for a request not recorded yet (`received`). */
  const waiting = new Set<{
    matches: (request: RecordedRequest) => boolean;
    resolve: (request: RecordedRequest) => void;
  }>();
  let unreachable = false;
  const server: Server = createServer(async (request, response) => {
    if (unreachable) {
      request.socket.destroy();
      return;
    }
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      url: request.url ?? '/',
      body: await readBody(request),
    };
    requests.push(recorded);
    for (const wait of waiting) {
      if (!wait.matches(recorded)) continue;
      waiting.delete(wait);
      wait.resolve(recorded);
    }
    const route = routes[`${recorded.method} ${recorded.url.split('?')[0]}`];
    const answer = route?.(recorded) ?? {
      status: 404,
      body: { code: 'ROUTE_NOT_FOUND', message: 'No such route' },
    };
    const status = answer.status ?? 200;
    if (answer.body === undefined) {
      response.writeHead(status).end();
      return;
    }
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    api: createApi((path, init) => fetch(`${base}${path}`, init)),
    requests,
    received: (matches) => {
      const already = requests.find(matches);
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiting.add({ matches, resolve }));
    },
    setUnreachable: (value) => {
      unreachable = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // fetch keeps connections alive for seconds; do not wait for them.
        server.closeAllConnections();
      }),
  };
}

/** What GET /api/system/network answers on a host whose interface counters cannot be read: the page shows no meter. */
export const unsupportedNetwork: NetworkStats = {
  supported: false,
  t: 0,
  rxBytesPerSecond: 0,
  txBytesPerSecond: 0,
  interfaces: [],
  hubgetBytesPerSecond: 0,
};
