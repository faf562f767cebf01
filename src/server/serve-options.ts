/**
 * `hubget serve` configuration from flags and environment, resolved once at the edge (flags win over
 * env, env over defaults), validated and frozen. Pure: takes the env as an argument.
 *
 * Defaults: host 127.0.0.1, port 3000, data dir `$HUBGET_DATA_DIR` or `~/.local/share/hubget`, models dir
 * `$HUBGET_MODELS_DIR` or `~/models`, hub cache by the HF_HUB_CACHE / HF_HOME rules (hf-protocol.md §3.1).
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { HubgetError } from '../errors.js';
import { loadHubConfig } from '../hub/config.js';
import { resolveHubCacheDir } from '../hub/hf-locations.js';

export interface ServeFlags {
  host?: string;
  port?: string | number;
  dataDir?: string;
  modelsDir?: string;
  cacheDir?: string;
  catalog?: string;
  apiToken?: string;
  logLevel?: string;
}

export interface StartServerOptions {
  host: string;
  port: number;
  dataDir: string;
  modelsDir: string;
  /** Default: HF_HUB_CACHE / HF_HOME rules. */
  hubCacheDir?: string;
  /** Model catalog JSON; default: the catalog bundled with hubget. */
  catalogPath?: string;
  apiToken?: string;
  /** pino level. @default 'info' */
  logLevel?: string;
  /** Built web UI. @default <package root>/dist/web */
  webDir?: string;
  /** /proc/net/dev path (tests inject a fixture). @default '/proc/net/dev' */
  procNetDevPath?: string;
  /** Period of the network monitor and SSE network events. @default 1000 */
  networkIntervalMs?: number;
  /** Show other programs' downloads (.incomplete scan) as external jobs. @default true */
  watchExternal?: boolean;
  /** Hub endpoint and default token (flags/env, huggingface_hub precedence). @default loadHubConfig(process.env) */
  /** `offline`: HF_HUB_OFFLINE (Hub search and model pages say so instead of calling the Hub). */
  hub?: { endpoint: string; token?: string; offline?: boolean };
  /** Where log lines go. @default stdout */
  logStream?: NodeJS.WritableStream;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 3000;
const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

type Env = Record<string, string | undefined>;

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}

/** `$HUBGET_MODELS_DIR`, else `~/models` (absolute): the server's and `hubget ls`'s models folder. */
export function defaultModelsDir(env: Env, context: { home?: string; cwd?: string } = {}): string {
  const home = context.home ?? homedir();
  return absolutePath(
    nonEmpty(env.HUBGET_MODELS_DIR) ?? join(home, 'models'),
    home,
    context.cwd ?? process.cwd(),
  );
}

function absolutePath(path: string, home: string, cwd: string): string {
  const expanded = expandHome(path, home);
  return isAbsolute(expanded) ? expanded : resolve(cwd, expanded);
}

export function parsePort(value: string | number): number {
  const text = String(value).trim();
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new HubgetError('INVALID_ARGUMENT', `Port must be a number from 0 to 65535, got "${value}"`);
  }
  return port;
}

export function resolveServeOptions(
  flags: ServeFlags,
  env: Env = process.env,
  context: { home?: string; cwd?: string } = {},
): Readonly<StartServerOptions> {
  const home = context.home ?? homedir();
  const cwd = context.cwd ?? process.cwd();
  const host = nonEmpty(flags.host) ?? nonEmpty(env.HUBGET_HOST) ?? DEFAULT_HOST;
  const portValue = flags.port ?? nonEmpty(env.HUBGET_PORT);
  const port = portValue === undefined ? DEFAULT_PORT : parsePort(portValue);
  const dataDir = absolutePath(
    nonEmpty(flags.dataDir) ?? nonEmpty(env.HUBGET_DATA_DIR) ?? join(home, '.local', 'share', 'hubget'),
    home,
    cwd,
  );
  const modelsDirFlag = nonEmpty(flags.modelsDir);
  const modelsDir =
    modelsDirFlag === undefined
      ? defaultModelsDir(env, { home, cwd })
      : absolutePath(modelsDirFlag, home, cwd);
  const cacheDirFlag = nonEmpty(flags.cacheDir);
  const hubCacheDir = resolveHubCacheDir({
    ...(cacheDirFlag === undefined ? {} : { cacheDir: absolutePath(cacheDirFlag, home, cwd) }),
    env,
  });
  const catalog = nonEmpty(flags.catalog) ?? nonEmpty(env.HUBGET_CATALOG);
  const apiToken = nonEmpty(flags.apiToken) ?? nonEmpty(env.HUBGET_API_TOKEN);
  const logLevel = nonEmpty(flags.logLevel) ?? nonEmpty(env.HUBGET_LOG_LEVEL) ?? 'info';
  if (!LOG_LEVELS.has(logLevel)) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `Log level must be one of ${[...LOG_LEVELS].join(', ')}, got "${logLevel}"`,
    );
  }
  return Object.freeze({
    host,
    port,
    dataDir,
    modelsDir,
    hubCacheDir,
    ...(catalog === undefined ? {} : { catalogPath: absolutePath(catalog, home, cwd) }),
    ...(apiToken === undefined ? {} : { apiToken }),
    logLevel,
    hub: Object.freeze(hubDefaults(env)),
  });
}

function hubDefaults(env: Env): { endpoint: string; token?: string; offline?: boolean } {
  const hub = loadHubConfig({ env: env as NodeJS.ProcessEnv });
  return {
    endpoint: hub.endpoint,
    ...(hub.token === undefined ? {} : { token: hub.token }),
    ...(hub.offline ? { offline: true } : {}),
  };
}
