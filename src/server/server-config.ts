/**
 * The server's configuration: one shape, built once, validated once, frozen. `hubget serve` reads flags
 * and environment into it (load-server-config.ts); tests build it with createServerConfig. startServer
 * and buildApp take it as it is: the app never reads process.env and never re-validates.
 */
import { isAbsolute } from 'node:path';
import { isLoopbackHost } from '../bind-host.js';
import {
  DEFAULT_HOST,
  DEFAULT_NETWORK_INTERVAL_MS,
  DEFAULT_PORT,
  DEFAULT_SSE_HEARTBEAT_MS,
} from '../defaults.js';
import { HubgetError } from '../errors.js';
import {
  findImplicitToken,
  loadHubConfig,
  type MaybeImplicitToken,
  resolveHubCacheDir,
} from '../hub/index.js';

export interface ServerConfigFields {
  /** Interface to bind. Default 127.0.0.1 (loopback only). */
  host: string;
  /** Default 3000; 0 = any free port. */
  port: number;
  /** hubget's own state: SQLite store, token file, progress files. */
  dataDir: string;
  /** Managed local-dir downloads live here. */
  modelsDir: string;
  /**
   * The Hugging Face hub cache. Default: huggingface_hub's rules (HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE,
   * $HF_HOME/hub, $XDG_CACHE_HOME/huggingface/hub, ~/.cache/huggingface/hub; src/hub/hf-locations.ts).
   */
  hubCacheDir: string;
  /** Required when `host` is not a loopback address. Compared in constant time. */
  apiToken?: string;
  /** Built web UI (Vite output). Default: `<package root>/dist/web`. */
  webDir?: string;
  /** Model catalog JSON. Default: the catalog bundled with hubget. */
  catalogPath?: string;
  /** pino level. Default 'info'. */
  logLevel: string;
  /**
   * Hub endpoint and default token (huggingface_hub's precedence: HF_ENDPOINT, HF_TOKEN, token file) with
   * where that token came from (`tokenOrigin`, GET /api/settings `hfTokenSource`); `offline`: HF_HUB_OFFLINE
   * (Hub search and model pages say so instead of calling the Hub).
   */
  hub: { endpoint: string; offline?: boolean } & MaybeImplicitToken;
  /** Show other programs' downloads (.incomplete scan) as external jobs. Default true. */
  watchExternal: boolean;
  /** /proc/net/dev path (tests inject a fixture). Default '/proc/net/dev'. */
  procNetDevPath?: string;
  /** Period of the network sampler and the SSE `network` events. */
  networkIntervalMs: number;
  /** SSE comment heartbeat. */
  heartbeatMs: number;
  /** Mirror mode (`--mirror`): the read-only Hub endpoint under /hf (docs/mirror.md); `offline`: cache only. */
  mirror?: { offline: boolean };
  /** Extra Host names a loopback-bound server answers on /api (reverse proxies). `/hf` takes any. */
  allowedHosts?: readonly string[];
}

declare const validated: unique symbol;
/** A configuration that went through createServerConfig (the only way to make one). */
export type ServerConfig = Readonly<ServerConfigFields> & { readonly [validated]: true };

/** What createServerConfig needs: the two folders; everything else has a default. */
export type ServerConfigInput = Partial<ServerConfigFields> &
  Pick<ServerConfigFields, 'dataDir' | 'modelsDir'>;

const LOG_LEVELS: ReadonlySet<string> = new Set([
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
]);

function invalid(message: string): HubgetError {
  return new HubgetError('INVALID_ARGUMENT', message);
}

function hubDefaults(env: NodeJS.ProcessEnv): ServerConfigFields['hub'] {
  const hub = loadHubConfig({ env });
  // The same token loadHubConfig found (no flag here), with where it came from.
  const token = findImplicitToken(env);
  const defaults = { endpoint: hub.endpoint, ...(hub.offline ? { offline: true } : {}) };
  return token === undefined ? defaults : { ...defaults, ...token };
}

/**
 * Fills the defaults (the hub cache and the Hub endpoint/token from `env`, by huggingface_hub's rules),
 * validates every field and freezes the result; throws INVALID_ARGUMENT saying what to change.
 */
export function createServerConfig(
  input: ServerConfigInput,
  env: NodeJS.ProcessEnv = process.env,
): ServerConfig {
  const config: ServerConfigFields = {
    host: DEFAULT_HOST,
    port: DEFAULT_PORT,
    logLevel: 'info',
    watchExternal: true,
    networkIntervalMs: DEFAULT_NETWORK_INTERVAL_MS,
    heartbeatMs: DEFAULT_SSE_HEARTBEAT_MS,
    ...input,
    hubCacheDir: input.hubCacheDir ?? resolveHubCacheDir({ env }),
    hub: Object.freeze({ ...(input.hub ?? hubDefaults(env)) }),
  };
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65_535) {
    throw invalid(`Port must be an integer from 0 to 65535, got ${config.port}`);
  }
  if (config.host.trim() === '') throw invalid('Host must not be empty');
  if (config.apiToken !== undefined && config.apiToken.length < 8) {
    throw invalid('The API token must be at least 8 characters long');
  }
  if (!isLoopbackHost(config.host) && !config.apiToken) {
    throw invalid(
      `Refusing to listen on ${config.host} without an API token: anyone who can reach this address could ` +
        'start downloads and delete models. Set HUBGET_API_TOKEN (or --api-token), or bind 127.0.0.1.',
    );
  }
  for (const name of ['dataDir', 'modelsDir', 'hubCacheDir'] as const) {
    if (!isAbsolute(config[name])) throw invalid(`${name} must be an absolute path, got "${config[name]}"`);
  }
  if (!LOG_LEVELS.has(config.logLevel)) {
    throw invalid(`Log level must be one of ${[...LOG_LEVELS].join(', ')}, got "${config.logLevel}"`);
  }
  for (const name of ['networkIntervalMs', 'heartbeatMs'] as const) {
    const value = config[name];
    if (!Number.isInteger(value) || value <= 0) {
      throw invalid(`${name} must be a positive integer, got ${value}`);
    }
  }
  return Object.freeze(config) as ServerConfig;
}
