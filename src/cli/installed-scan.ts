/**
 * What is installed, as the client commands read it: the HF cache (`--cache-dir`, else huggingface_hub's
 * rules) and the local-dir downloads under the models folder (`--models-dir`, else `HUBGET_MODELS_DIR` or
 * `~/models`), by the cache room's scanners. `hubget ls` lists it; `hubget search` marks its results with it.
 */
import {
  type CacheScanWarning,
  type ScannedModel,
  scanHubCacheReport,
  scanLocalDirs,
} from '../cache/index.js';
// Not the hub barrel: it loads the HTTP client (undici), which `hubget ls` never needs (test/build/cli-bundle.test.ts).
import { resolveHubCacheDir } from '../hub/hf-locations.js';
import { defaultModelsDir } from '../hubget-folders.js';
import type { CliIo } from './cli-io.js';

export interface InstalledScan {
  cacheDir: string;
  modelsDir: string;
  /** The cache's repos (sorted by id), then the local dirs. */
  models: ScannedModel[];
  /** Bytes the models' sizes count more than once: blobs hard-linked between repos of the cache (scan-cache.ts). */
  linkedAgainBytes: number;
}

export async function scanInstalled(
  options: { cacheDir?: string; modelsDir?: string },
  io: Pick<CliIo, 'env'>,
  onWarning?: (warning: CacheScanWarning) => void,
): Promise<InstalledScan> {
  const cacheDir = resolveHubCacheDir({
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
    env: io.env,
  });
  const modelsDir = options.modelsDir ?? defaultModelsDir(io.env);
  const [cached, local] = await Promise.all([scanHubCacheReport(cacheDir), scanLocalDirs(modelsDir)]);
  for (const warning of cached.warnings) onWarning?.(warning);
  return {
    cacheDir,
    modelsDir,
    models: [...cached.models, ...local],
    linkedAgainBytes: cached.linkedAgainBytes,
  };
}
