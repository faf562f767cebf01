/**
 * HubConfig from flags and environment, with huggingface_hub's precedence (docs/hub-protocol.md §1.1, §1.2, §3.1),
 * so hubget talks to the same endpoint with the same token as the user's Python tools.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ENDPOINT, normaliseEndpoint } from './endpoint.js';
import { hfTokenFilePath } from './hf-locations.js';
import type { HubConfig } from './types.js';

const STAGING_ENDPOINT = 'https://hub-ci.huggingface.co';

export interface LoadHubConfigOptions {
  /** `--endpoint` flag: wins over HF_ENDPOINT. */
  endpoint?: string;
  /** `--token` flag: wins over every implicit token. */
  token?: string;
  /** Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Python's `_is_true`: 1/ON/YES/TRUE, case-insensitive. */
export function isTruthyEnv(value: string | undefined): boolean {
  return value !== undefined && ['1', 'ON', 'YES', 'TRUE'].includes(value.trim().toUpperCase());
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function readTokenFile(path: string): string | undefined {
  try {
    // Python strips surrounding whitespace and CR/LF (`_clean_token`).
    return nonEmpty(readFileSync(path, 'utf8').replace(/\r|\n/g, ''));
  } catch {
    return undefined;
  }
}

let version: string | undefined;
/** hubget's version from its package.json (found from source or from dist/). */
export function hubgetVersion(): string {
  if (version) return version;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const parsed = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
        if (parsed.name === 'hubget' && parsed.version) {
          version = parsed.version;
          return version;
        }
      } catch {
        // keep looking
      }
    }
    dir = dirname(dir);
  }
  version = '0.0.0';
  return version;
}

export function hubgetUserAgent(): string {
  return `hubget/${hubgetVersion()}`;
}

/**
 * endpoint: flag > HF_ENDPOINT > (HUGGINGFACE_CO_STAGING) > https://huggingface.co, trailing `/` removed.
 * token: flag > HF_TOKEN > HUGGING_FACE_HUB_TOKEN > token file; implicit ones (env, file) are skipped when
 * HF_HUB_DISABLE_IMPLICIT_TOKEN is set (§1.2). offline: HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE.
 */
export function loadHubConfig(options: LoadHubConfigOptions = {}): HubConfig {
  const env = options.env ?? process.env;
  const fromEnv = nonEmpty(options.endpoint) === undefined && nonEmpty(env.HF_ENDPOINT) !== undefined;
  const endpoint = normaliseEndpoint(
    nonEmpty(options.endpoint) ??
      nonEmpty(env.HF_ENDPOINT) ??
      (isTruthyEnv(env.HUGGINGFACE_CO_STAGING) ? STAGING_ENDPOINT : DEFAULT_ENDPOINT),
    ...(fromEnv ? ['HF_ENDPOINT'] : []),
  );
  const config: HubConfig = {
    endpoint,
    userAgent: hubgetUserAgent(),
    offline: isTruthyEnv(env.HF_HUB_OFFLINE) || isTruthyEnv(env.TRANSFORMERS_OFFLINE),
  };
  const found = tokenOf(options.token, env);
  if (found !== undefined) {
    config.token = found.token;
    config.tokenFrom = found.from;
  }
  return config;
}

/**
 * Where a token found without a flag came from: one of huggingface_hub's environment variables, or its
 * token file (`hf auth login` writes it). The server reports it (GET /api/settings `hfTokenSource`).
 */
export type ImplicitTokenOrigin =
  | { kind: 'env'; variable: 'HF_TOKEN' | 'HUGGING_FACE_HUB_TOKEN' }
  | { kind: 'file'; path: string };

/** A token found without a flag and where it came from, which always go together. */
export interface ImplicitToken {
  token: string;
  tokenOrigin: ImplicitTokenOrigin;
}

/** A default token, if any: both of ImplicitToken's fields, or neither. */
export type MaybeImplicitToken = ImplicitToken | { token?: undefined; tokenOrigin?: undefined };

/** The implicit token by the precedence above (HF_TOKEN > HUGGING_FACE_HUB_TOKEN > token file), or undefined. */
export function findImplicitToken(env: NodeJS.ProcessEnv = process.env): ImplicitToken | undefined {
  if (isTruthyEnv(env.HF_HUB_DISABLE_IMPLICIT_TOKEN)) return undefined;
  for (const variable of ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN'] as const) {
    const value = nonEmpty(env[variable]);
    if (value !== undefined) return { token: value, tokenOrigin: { kind: 'env', variable } };
  }
  const path = hfTokenFilePath(env);
  const stored = readTokenFile(path);
  return stored === undefined ? undefined : { token: stored, tokenOrigin: { kind: 'file', path } };
}

/** The token by the precedence above, with where it came from in words; undefined when there is none. */
function tokenOf(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): { token: string; from: string } | undefined {
  const given = nonEmpty(flag);
  if (given !== undefined) return { token: given, from: '--token' };
  const found = findImplicitToken(env);
  if (found === undefined) return undefined;
  const origin = found.tokenOrigin;
  return {
    token: found.token,
    from: origin.kind === 'env' ? origin.variable : `the token file ${origin.path}`,
  };
}
