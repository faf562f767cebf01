/**
 * hubget's own folders (huggingface_hub's are in hub/hf-locations.ts): the data folder, where `hubget serve`
 * keeps its database and settings, and the models folder, where local-dir downloads go by default. The
 * server's config, `hubget ls` and `hubget rm` read them here, so a command finds what the server wrote
 * without importing the server (docs/cli-models.md, docs/api-models.md).
 */
import { resolve } from 'node:path';
import { type Env, expandPath } from './hub/hf-locations.js';

/** A flag or variable that is unset, empty or only spaces counts as unset: how hubget reads its own. */
export function unsetIfBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** `--data-dir`, else `$HUBGET_DATA_DIR`, else `~/.local/share/hubget` (absolute): the server's database and
 * settings, also read by `hubget rm` (the server's jobs). */
export function resolveDataDir(flag: string | undefined, env: Env, context: { cwd?: string } = {}): string {
  const cwd = context.cwd ?? process.cwd();
  return resolve(
    cwd,
    expandPath(unsetIfBlank(flag) ?? unsetIfBlank(env.HUBGET_DATA_DIR) ?? '~/.local/share/hubget', env),
  );
}

/** `$HUBGET_MODELS_DIR`, else `~/models` (absolute): the server's and `hubget ls`'s models folder. */
export function defaultModelsDir(env: Env, context: { cwd?: string } = {}): string {
  const cwd = context.cwd ?? process.cwd();
  return resolve(cwd, expandPath(unsetIfBlank(env.HUBGET_MODELS_DIR) ?? '~/models', env));
}
