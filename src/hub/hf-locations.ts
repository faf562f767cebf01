/**
 * Where huggingface_hub keeps its files, with the same precedence and expansion (docs/hub-protocol.md §3.1);
 * the one place hubget reads HF_HOME, HF_HUB_CACHE, XDG_CACHE_HOME and HF_TOKEN_PATH:
 * - hub cache: `--cache-dir` > HF_HUB_CACHE > HUGGINGFACE_HUB_CACHE > $HF_HOME/hub;
 * - HF_HOME: HF_HOME > $XDG_CACHE_HOME/huggingface > ~/.cache/huggingface;
 * - token file: HF_TOKEN_PATH > $HF_HOME/token.
 * Python expands `~` and `$VAR`; the JS library does not — we follow Python so both tools agree.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export type Env = Record<string, string | undefined>;

/** Set and non-empty (an empty variable counts as unset, like Python's `os.getenv(...) or default`). */
function envValue(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * `os.path.expanduser(os.path.expandvars(p))`: `$NAME` and `${NAME}` are replaced when set, left as
 * they are when unset; a leading `~` or `~/` becomes the home directory.
 */
export function expandPath(path: string, env: Env): string {
  const withVars = path.replace(
    /\$(\w+)|\$\{([^}]+)\}/g,
    (match, bare: string | undefined, braced?: string) => {
      const value = env[(bare ?? braced)!];
      return value === undefined ? match : value;
    },
  );
  if (withVars === '~' || withVars.startsWith('~/')) {
    const home = envValue(env, 'HOME') ?? homedir();
    return join(home, withVars.slice(1));
  }
  return withVars;
}

function absolute(path: string, env: Env): string {
  return resolve(expandPath(path, env));
}

/** `HF_HOME` resolved: HF_HOME, else $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface. */
export function resolveHfHome(env: Env = process.env): string {
  const hfHome = envValue(env, 'HF_HOME');
  if (hfHome !== undefined) return absolute(hfHome, env);
  const xdg = envValue(env, 'XDG_CACHE_HOME');
  if (xdg !== undefined) return absolute(join(xdg, 'huggingface'), env);
  return absolute(join('~', '.cache', 'huggingface'), env);
}

/** huggingface_hub's token file (`hf auth login` writes it): HF_TOKEN_PATH, else `$HF_HOME/token`. */
export function hfTokenFilePath(env: Env = process.env): string {
  const explicit = envValue(env, 'HF_TOKEN_PATH');
  return explicit !== undefined ? absolute(explicit, env) : join(resolveHfHome(env), 'token');
}

export interface HubCacheDirOptions {
  /** Explicit `--cache-dir`; wins over every variable. */
  cacheDir?: string;
  env?: Env;
}

/** The hub cache folder (the one holding `models--org--name`), absolute. */
export function resolveHubCacheDir(options: HubCacheDirOptions = {}): string {
  const env = options.env ?? process.env;
  if (options.cacheDir !== undefined && options.cacheDir !== '') return absolute(options.cacheDir, env);
  const explicit = envValue(env, 'HF_HUB_CACHE') ?? envValue(env, 'HUGGINGFACE_HUB_CACHE');
  if (explicit !== undefined) return absolute(explicit, env);
  return join(resolveHfHome(env), 'hub');
}
