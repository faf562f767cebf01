import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { cacheRepoLayout, noExistPath, snapshotsDir } from '../cache/cache-layout.js';
import { isHubgetError } from '../errors.js';
import { resolveHubCacheDir } from '../hub/hf-locations.js';
import { makeDirectory } from '../make-directory.js';
import { isDirectoryAt } from '../system/path-kind.js';
import type { DownloadRequest } from './types.js';

/**
 * Cache mode: requested files the listing proves absent at the commit get an empty
 * `.no_exist/<commit>/<path>` marker, as huggingface_hub writes for an EntryNotFound (docs/hub-disk-layout.md §3.6),
 * so offline probes for optional files (transformers) need no network. Only into a repo already in the
 * cache: a repo folder without `snapshots/` is reported as corrupted by both scanners (docs/hub-disk-layout.md §3.11).
 * Best effort: the error stands either way.
 */
export async function recordMissingFiles(request: DownloadRequest, error: unknown): Promise<void> {
  if (request.localDir !== undefined || !isHubgetError(error, 'ENTRY_NOT_FOUND')) return;
  const { missing, commit } = error.details ?? {};
  if (!Array.isArray(missing) || typeof commit !== 'string') return;
  const layout = cacheRepoLayout(resolveHubCacheDir({ cacheDir: request.cacheDir }), request.repo);
  if (!(await isDirectoryAt(snapshotsDir(layout)))) return;
  for (const path of missing) {
    try {
      const marker = noExistPath(layout, commit, String(path));
      await makeDirectory(dirname(marker));
      await writeFile(marker, '', { flag: 'a' });
    } catch {
      // An unsafe path (noExistPath refuses it) or a read-only cache: no marker, same error.
    }
  }
}
