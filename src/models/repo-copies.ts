/**
 * The copies of a repo here, for a search result (`hubget search`'s INSTALLED, src/cli/search-run.ts, and the
 * server's GET /api/hub/search, src/server/routes/hub.ts: one rule). `installed`: some revision of it is in the HF
 * cache or a local-dir download names it (installedCopy, the cache's first); `copies`: that copy, then the local
 * dirs a download into the cache would copy from (`localDirsOf`: those hubget's marker names as downloads of the
 * repo, localDirsByRepo in src/transfer/local-dir-copies.ts) that the scan found; not a folder Python made, which
 * names no repo (docs/api-hub-system.md says why); `quants`: the GGUF quantizations they hold whole (`hubget ls`'s
 * QUANTS), the installed copy's first. Pure.
 */
import type { ApiRepoType, InstalledModel } from '../api-types.js';
import { installedCopy } from '../model-status.js';

type Copy = Pick<InstalledModel, 'repoType' | 'repoId' | 'location' | 'path' | 'quants'>;

export interface RepoCopies<T extends Copy> {
  installed: boolean;
  copies: T[];
  quants: string[];
}

export function repoCopies<T extends Copy, R extends { repoType: ApiRepoType; repoId: string }>(
  models: readonly T[],
  repo: R,
  localDirsOf: (repo: R) => readonly string[],
): RepoCopies<T> {
  const copy = installedCopy(models, repo.repoType, repo.repoId);
  const localDirs = new Set(localDirsOf(repo));
  const local = models.filter(
    (model) => model.location === 'local' && localDirs.has(model.path) && model !== copy,
  );
  const copies = copy === null ? local : [copy, ...local];
  return {
    installed: copy !== null,
    copies,
    quants: [...new Set(copies.flatMap((model) => model.quants))],
  };
}
