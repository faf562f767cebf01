/**
 * An in-process, HF-compatible test hub: a real HTTP server on 127.0.0.1 (hub origin) plus a second
 * origin acting as the CDN, with scripted faults. See docs/test-hub.md.
 */
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleCdnRequest } from './cdn-routes.js';
import { DEFAULT_SEED } from './deterministic-bytes.js';
import { FaultState, type Faults, Pacer } from './faults.js';
import { type HubContext, type RequestLogEntry, sendError } from './hub-context.js';
import { handleHubRequest } from './hub-routes.js';
import { RepoStore, type TestRepo, type TestRepoSpec } from './repo-store.js';
import { kernelSendQueueBytes, nodeSendBufferBytes } from './send-queues.js';

export { contentKey, deterministicBytes, writeDeterministicFile } from './deterministic-bytes.js';
export type { Faults, FaultTarget, RequestKind } from './faults.js';
export { HOSTILE_PATHS } from './faults.js';
export type { RequestLogEntry } from './hub-context.js';
export type { TestFileSpec, TestRepo, TestRepoFile, TestRepoSpec, TestRevisionSpec } from './repo-store.js';

export interface TestHubOptions {
  /** Tokens accepted as `Authorization: Bearer <token>`. Default `hf_test`. */
  token?: string | string[];
  /** Tree page size (Link rel="next" pagination). Default 1000, like the Hub. */
  treePageSize?: number;
  /**
   * How non-LFS files are served: `auto` (Hub behaviour: relative 307 to /api/resolve-cache for public
   * namespaced repos, direct 200 for private/gated/canonical repos and 0-byte files), or always one way.
   */
  regularFiles?: 'auto' | 'direct' | 'resolve-cache';
  /** CDN answers 400 when a request carries Authorization (S3 behaviour). Default true. */
  cdnRejectsAuthorization?: boolean;
  /** Seed of generated file content. */
  seed?: string;
  /** Fixed ports (CLI); default ephemeral. */
  port?: number;
  cdnPort?: number;
  /** Faults active from the start. */
  faults?: Partial<Faults>;
}

export interface TestHub {
  /** Hub origin, e.g. `http://127.0.0.1:41234` (use as HF_ENDPOINT). */
  url: string;
  /** CDN origin on a second port: a different host:port, so the token must not be sent there. */
  cdnUrl: string;
  /** The accepted token (first one when several). */
  token: string;
  addRepo(spec: TestRepoSpec): Promise<TestRepo>;
  setFaults(faults: Partial<Faults>): void;
  resetFaults(): void;
  /** Current faults (read-only view). */
  readonly faults: Faults;
  /** Invalidate every CDN URL minted so far (403 "expired" afterwards), without waiting for a TTL. */
  expireCdnUrls(): void;
  requests: RequestLogEntry[];
  clearRequests(): void;
  /** Body bytes sent for a file (repo path or `repoId/path`) over all requests; no argument: all bodies. */
  bytesServed(path?: string): number;
  /**
   * Body bytes that left the hub (Linux): bytesServed() minus what still waits in the hub's socket buffers,
   * Node's and the kernel's send queues (/proc/net/tcp), i.e. what the clients' kernels have received. On
   * loopback the hub's send buffers alone hold up to ~5 MB per connection. Headers still queued are
   * subtracted too (a few hundred bytes). Undefined where /proc/net/tcp cannot be read.
   */
  bytesDelivered(): number | undefined;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const tokens = Array.isArray(options.token) ? options.token : [options.token ?? 'hf_test'];
  const startedAt = performance.now();
  const faults = new FaultState();
  if (options.faults) faults.set(options.faults);
  const closing = new AbortController();
  // One abort listener per in-flight response (bounded by the clients' connections), not a leak.
  setMaxListeners(0, closing.signal);
  let globalPacer: Pacer | undefined;
  const requests: RequestLogEntry[] = [];
  const ctx: HubContext = {
    store: new RepoStore(options.seed ?? DEFAULT_SEED),
    faults,
    tokens: new Set(tokens),
    hubOrigin: '',
    cdnOrigin: '',
    treePageSize: options.treePageSize ?? 1000,
    regularFiles: options.regularFiles ?? 'auto',
    cdnRejectsAuthorization: options.cdnRejectsAuthorization ?? true,
    signingSecret: randomBytes(16).toString('hex'),
    cdnGeneration: 0,
    globalPacer: () => {
      const bytesPerSecond = faults.current.globalBytesPerSecond;
      if (!bytesPerSecond) return undefined;
      if (globalPacer?.bytesPerSecond !== bytesPerSecond) globalPacer = new Pacer(bytesPerSecond);
      return globalPacer;
    },
    signal: closing.signal,
  };

  const handler =
    (host: 'hub' | 'cdn') =>
    (req: IncomingMessage, res: ServerResponse): void => {
      const entry: RequestLogEntry = {
        t: performance.now() - startedAt,
        host,
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        status: 0,
        bytesSent: 0,
        authorization: req.headers.authorization !== undefined,
      };
      if (req.headers.range) entry.range = req.headers.range;
      requests.push(entry);
      const originalWriteHead = res.writeHead.bind(res);
      res.writeHead = ((status: number, ...rest: never[]) => {
        entry.status = status;
        return originalWriteHead(status, ...rest);
      }) as typeof res.writeHead;
      const run =
        host === 'hub' ? handleHubRequest(ctx, req, res, entry) : handleCdnRequest(ctx, req, res, entry);
      run.catch((error: unknown) => {
        if (!res.headersSent) sendError(res, 500, undefined, `test hub bug: ${String(error)}`);
        else res.destroy();
      });
    };

  const hubServer = createServer({ keepAliveTimeout: 15_000 }, handler('hub'));
  const cdnServer = createServer({ keepAliveTimeout: 15_000 }, handler('cdn'));
  const sockets = new Set<Socket>();
  for (const server of [hubServer, cdnServer]) {
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
  }
  const hubPort = await listen(hubServer, options.port ?? 0);
  const cdnPort = await listen(cdnServer, options.cdnPort ?? 0);
  const ports = new Set([hubPort, cdnPort]);
  ctx.hubOrigin = `http://127.0.0.1:${hubPort}`;
  ctx.cdnOrigin = `http://127.0.0.1:${cdnPort}`;

  const matches = (entry: RequestLogEntry, path: string) =>
    entry.file === path || (entry.repoId !== undefined && `${entry.repoId}/${entry.file}` === path);
  const bytesServed = (path?: string) =>
    requests.filter((e) => path === undefined || matches(e, path)).reduce((sum, e) => sum + e.bytesSent, 0);

  return {
    url: ctx.hubOrigin,
    cdnUrl: ctx.cdnOrigin,
    token: tokens[0] ?? 'hf_test',
    addRepo: (spec) => ctx.store.add(spec),
    setFaults: (partial) => faults.set(partial),
    resetFaults: () => faults.reset(),
    get faults() {
      return faults.current;
    },
    expireCdnUrls: () => {
      ctx.cdnGeneration += 1;
    },
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    bytesServed,
    bytesDelivered: () => {
      // One synchronous step: no write of the hub can come in between, the kernel can only drain its queues.
      const sent = bytesServed();
      const queued = kernelSendQueueBytes(ports);
      return queued === undefined ? undefined : sent - queued - nodeSendBufferBytes(sockets);
    },
    close: async () => {
      closing.abort();
      const closed = [hubServer, cdnServer].map(
        (server) => new Promise<void>((resolve) => server.close(() => resolve())),
      );
      hubServer.closeAllConnections();
      cdnServer.closeAllConnections();
      await Promise.all(closed);
    },
  };
}
