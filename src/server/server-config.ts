/**
 * Server configuration: built once at the edge (flags + env), validated, frozen. The app never reads
 * process.env itself.
 */
import { HubgetError } from '../errors.js';

export interface ServerConfig {
  /** Interface to bind. Default 127.0.0.1 (loopback only). */
  host: string;
  port: number;
  /** hubget's own state: SQLite store, progress files. */
  dataDir: string;
  /** Managed local-dir downloads live here. */
  modelsDir: string;
  /** The HF hub cache (HF_HUB_CACHE / HF_HOME rules). */
  hubCacheDir: string;
  /** Required when `host` is not a loopback address. Compared in constant time. */
  apiToken?: string;
  /** Built web UI (Vite output). Default: `<package root>/dist/web`. */
  webDir?: string;
  /** Period of SSE `network` events and the network history samples. @default 1000 */
  networkIntervalMs?: number;
  /** Running jobs are re-sent at least this often on SSE even without engine events. @default 1000 */
  progressIntervalMs?: number;
  /** SSE comment heartbeat so proxies keep the stream open. @default 15000 */
  heartbeatMs?: number;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return LOOPBACK_HOSTS.has(bare) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** Validates and freezes a config; throws a HubgetError that says what to change. */
export function validateServerConfig(config: ServerConfig): Readonly<ServerConfig> {
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65_535) {
    throw new HubgetError('INVALID_ARGUMENT', `Port must be an integer from 0 to 65535, got ${config.port}`);
  }
  if (config.host.trim() === '') {
    throw new HubgetError('INVALID_ARGUMENT', 'Host must not be empty');
  }
  if (config.apiToken !== undefined && config.apiToken.length < 8) {
    throw new HubgetError('INVALID_ARGUMENT', 'The API token must be at least 8 characters long');
  }
  if (!isLoopbackHost(config.host) && !config.apiToken) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `Refusing to listen on ${config.host} without an API token: anyone who can reach this address could ` +
        'start downloads and delete models. Set HUBGET_API_TOKEN (or --api-token), or bind 127.0.0.1.',
    );
  }
  for (const [name, value] of [
    ['networkIntervalMs', config.networkIntervalMs],
    ['progressIntervalMs', config.progressIntervalMs],
    ['heartbeatMs', config.heartbeatMs],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
      throw new HubgetError('INVALID_ARGUMENT', `${name} must be a positive integer, got ${value}`);
    }
  }
  return Object.freeze({ ...config });
}
