/** Starts the test hub and a real hubget server (startServer, port 0) in temp dirs, for integration tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type RunningServer, type ServerRuntime, startServer } from '../../src/server/serve.js';
import {
  createServerConfig,
  type ServerConfig,
  type ServerConfigInput,
} from '../../src/server/server-config.js';
import { startTestHub, type TestHub, type TestHubOptions } from '../hub/test-hub.js';

export interface Harness {
  hub: TestHub;
  server: RunningServer;
  dir: string;
  config: ServerConfig;
  logs(): string;
  api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T; text: string }>;
  cleanup(): Promise<void>;
}

/** A test server's settings: loopback, any port, folders under `dir`, the given hub, no external watcher. */
export function testServerInput(dir: string, hubEndpoint: string): ServerConfigInput {
  return {
    host: '127.0.0.1',
    port: 0,
    dataDir: join(dir, 'data'),
    modelsDir: join(dir, 'models'),
    hubCacheDir: join(dir, 'cache'),
    watchExternal: false,
    hub: { endpoint: hubEndpoint },
  };
}

export async function startHarness(
  overrides: Partial<ServerConfigInput> = {},
  hubOptions: TestHubOptions = {},
  runtime: Omit<ServerRuntime, 'logStream'> = {},
): Promise<Harness> {
  const hub = await startTestHub(hubOptions);
  const dir = await mkdtemp(join(tmpdir(), 'hubget-server-'));
  const lines: string[] = [];
  const config = createServerConfig({
    ...testServerInput(dir, hub.url),
    webDir: join(dir, 'no-web'),
    logLevel: 'debug',
    ...overrides,
  });
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const server = await startServer(config, { ...runtime, logStream });
  const authHeaders: Record<string, string> = config.apiToken
    ? { authorization: `Bearer ${config.apiToken}` }
    : {};
  return {
    hub,
    server,
    dir,
    config,
    logs: () => lines.join(''),
    async api(method, path, body, headers = {}) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          ...authHeaders,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON (metrics, plain pages).
      }
      return { status: response.status, body: parsed as never, text };
    },
    async cleanup() {
      await server.close().catch(() => undefined);
      await hub.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
