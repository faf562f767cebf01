/**
 * The one HTTP dispatcher hubget uses for the Hub API and for file transfers.
 * EnvHttpProxyAgent honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY (corporate proxies, caching or
 * peer-to-peer proxies that fan one download out to a cluster); without a proxy variable it is a plain
 * keep-alive Agent. Connections are pooled per origin, so ranged GETs to one CDN host reuse sockets.
 */
import { Agent, type Dispatcher, EnvHttpProxyAgent } from 'undici';
// Side effect: llhttp stays on V8's baseline wasm tier (~35 MB less peak RSS, wasm-tiering.ts).
import './wasm-tiering.js';

let shared: Dispatcher | undefined;

export interface DispatcherOptions {
  /** Max sockets per origin. Default 64: the connection budget, not the pool, limits parallelism. */
  connectionsPerOrigin?: number;
  connectTimeoutMs?: number;
}

/** The variables EnvHttpProxyAgent reads when it is created (NO_PROXY it reads again per request). */
const PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY'];

export function createHttpDispatcher(options: DispatcherOptions = {}): Dispatcher {
  const agentOptions = {
    connections: options.connectionsPerOrigin ?? 64,
    connect: { timeout: options.connectTimeoutMs ?? 10_000 },
    keepAliveTimeout: 15_000,
    // Body/headers idleness is handled by hubget's own stall watchdog (configurable per transfer),
    // so undici's own timers must not fire first.
    bodyTimeout: 0,
    headersTimeout: 60_000,
  };
  // Without a proxy variable EnvHttpProxyAgent sends every request through a plain Agent anyway, after
  // parsing its origin and re-reading NO_PROXY: ~0.1 ms of main thread per request (two per small file).
  const proxied = PROXY_VARIABLES.some((name) => Boolean(process.env[name]));
  return proxied ? new EnvHttpProxyAgent(agentOptions) : new Agent(agentOptions);
}

/**
 * A URL as a dispatcher's request takes it: `dispatcher.request({ ...urlTarget(url), … })`, undici's own
 * request API (its top-level `request(url, …)` lives in the index the CLI bundle leaves out,
 * scripts/undici-for-cli.cjs).
 */
export function urlTarget(url: string): { origin: string; path: string } {
  const { origin, pathname, search } = new URL(url);
  return { origin, path: pathname + search };
}

/** Process-wide dispatcher, created on first use (reads proxy env vars then). */
export function httpDispatcher(): Dispatcher {
  shared ??= createHttpDispatcher();
  return shared;
}

/** The `Authorization` header's value for `token` (none: anonymous). */
export function bearerOf(token: string | undefined): string | undefined {
  return token ? `Bearer ${token}` : undefined;
}

/**
 * Authorization only for the endpoint's own host: signed CDN URLs on another host must never see the
 * Hub token (docs/hub-protocol.md §1.4 step 4, docs/hub-downloaders.md §6.6). Host comparison includes the port.
 */
export function authorizationFor(
  url: string,
  endpoint: string,
  token: string | undefined,
): Record<string, string> {
  const authorization = bearerOf(token);
  if (authorization === undefined) return {};
  return new URL(url).host === new URL(endpoint).host ? { authorization } : {};
}
