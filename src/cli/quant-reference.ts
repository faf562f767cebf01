/**
 * `hubget download org/name:Q4_K_M`: the files of that GGUF quantization at the revision — its file or
 * split shards, the default mmproj projector, the small non-weight files — by the one rule in
 * src/catalog/gguf-quants.ts. An unknown quantization fails with the list of those that exist.
 */
import { selectQuantFiles } from '../catalog/index.js';
import type { HubCallOptions, HubConfig, RepoRef } from '../hub/index.js';
import { resolveSnapshot } from '../hub/index.js';

export async function quantFiles(
  hub: HubConfig,
  repo: RepoRef,
  revision: string | undefined,
  quant: string,
  hubCall: HubCallOptions = {},
): Promise<string[]> {
  const snapshot = await resolveSnapshot({ ...hubCall, hub, repo, revision: revision ?? 'main' });
  return selectQuantFiles(snapshot.files, quant, 'default', repo.repoId).paths;
}
