/**
 * `hubget serve` reads its flags and environment here, once: flags win over env, env over defaults.
 * The result is the one frozen ServerConfig (server-config.ts validates it). Pure: the env is an argument.
 *
 * Defaults: host 127.0.0.1, port 3000, data dir `$HUBGET_DATA_DIR` or `~/.local/share/hubget`, models dir
 * `$HUBGET_MODELS_DIR` or `~/models`, hub cache by huggingface_hub's rules (`--cache-dir`, HF_HUB_CACHE,
 * HF_HOME, XDG_CACHE_HOME: docs/hub-protocol.md §3.1), Hub endpoint and token as huggingface_hub finds them.
 */
import { resolve } from 'node:path';
import { HubgetError } from '../errors.js';
import { type Env, expandPath, isTruthyEnv, resolveHubCacheDir } from '../hub/index.js';
import { defaultModelsDir, resolveDataDir, unsetIfBlank } from '../hubget-folders.js';
import { createServerConfig, type ServerConfig } from './server-config.js';

/** The flags of `hubget serve`, as commander hands them over (strings, all optional). */
export interface ServeFlags {
  host?: string;
  port?: string | number;
  dataDir?: string;
  modelsDir?: string;
  cacheDir?: string;
  catalog?: string;
  apiToken?: string;
  logLevel?: string;
  mirror?: boolean;
  mirrorOffline?: boolean;
  /** Comma-separated. */
  allowedHosts?: string;
}

export function parsePort(value: string | number): number {
  const text = String(value).trim();
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new HubgetError('INVALID_ARGUMENT', `Port must be a number from 0 to 65535, got "${value}"`);
  }
  return port;
}

export function loadServerConfig(
  flags: ServeFlags,
  env: Env = process.env,
  context: { cwd?: string } = {},
): ServerConfig {
  const cwd = context.cwd ?? process.cwd();
  // `~` and `$VAR` expanded as huggingface_hub does, then made absolute against the working directory.
  const absolute = (path: string) => resolve(cwd, expandPath(path, env));
  const portValue = flags.port ?? unsetIfBlank(env.HUBGET_PORT);
  const cacheDir = unsetIfBlank(flags.cacheDir);
  const catalog = unsetIfBlank(flags.catalog) ?? unsetIfBlank(env.HUBGET_CATALOG);
  // Spaces are no token: read as unset they would quietly leave a loopback server without one.
  for (const [name, value] of [
    ['--api-token', flags.apiToken],
    ['HUBGET_API_TOKEN', env.HUBGET_API_TOKEN],
  ] as const) {
    if (value !== undefined && value !== '' && value.trim() === '') {
      throw new HubgetError(
        'INVALID_ARGUMENT',
        `${name} is only spaces: set a token of at least 8 characters, or leave it empty for none`,
      );
    }
  }
  const apiToken = unsetIfBlank(flags.apiToken) ?? unsetIfBlank(env.HUBGET_API_TOKEN);
  const host = unsetIfBlank(flags.host) ?? unsetIfBlank(env.HUBGET_HOST);
  const logLevel = unsetIfBlank(flags.logLevel) ?? unsetIfBlank(env.HUBGET_LOG_LEVEL);
  const mirrorOffline = flags.mirrorOffline === true || isTruthyEnv(env.HUBGET_MIRROR_OFFLINE);
  const mirror = flags.mirror === true || mirrorOffline || isTruthyEnv(env.HUBGET_MIRROR);
  const allowedHosts = (unsetIfBlank(flags.allowedHosts) ?? unsetIfBlank(env.HUBGET_ALLOWED_HOSTS) ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return createServerConfig(
    {
      ...(host === undefined ? {} : { host }),
      ...(portValue === undefined ? {} : { port: parsePort(portValue) }),
      dataDir: resolveDataDir(flags.dataDir, env, { cwd }),
      modelsDir:
        flags.modelsDir === undefined || flags.modelsDir.trim() === ''
          ? defaultModelsDir(env, { cwd })
          : absolute(flags.modelsDir),
      hubCacheDir: resolveHubCacheDir({
        ...(cacheDir === undefined ? {} : { cacheDir: absolute(cacheDir) }),
        env,
      }),
      ...(catalog === undefined ? {} : { catalogPath: absolute(catalog) }),
      ...(apiToken === undefined ? {} : { apiToken }),
      ...(logLevel === undefined ? {} : { logLevel }),
      ...(mirror ? { mirror: Object.freeze({ offline: mirrorOffline }) } : {}),
      ...(allowedHosts.length > 0 ? { allowedHosts: Object.freeze(allowedHosts) } : {}),
    },
    env as NodeJS.ProcessEnv,
  );
}
