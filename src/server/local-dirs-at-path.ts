/**
 * Of the local dirs the model page names for a file (`RepoPageFile.localDirs`: LocalCopies.holding's rule, which
 * takes a Python-made folder's or another repo's file wherever its record names the same blob), those that hold
 * it at its own path: where a download of the repo into that folder writes it, and so what the page's Folder
 * destination counts as held there (web/src/components/hub/destination-holds.ts). A folder that holds the content
 * at another path (`old/model.gguf` for `model.gguf`) still copies into the HF cache, but a download into it
 * writes the file anew. The check is local-dir mode's own (localFileIsPresent: the file, its size and the blob id
 * its `.metadata` names), made only for the folders already named: a few stats and reads.
 */
import { join } from 'node:path';
import { localFileIsPresent } from '../cache/file-presence.js';
import { MODELS_DIR_ITSELF } from '../cache/local-dir-folder.js';
import { blobIdOf, type RepoFile } from '../hub/types.js';
import { DISK_CHECKS_IN_FLIGHT, mapBounded } from '../transfer/map-bounded.js';

/** `localDirs` (path → folders relative to `modelsDir`) narrowed to the folders holding each file at its path. */
export async function localDirsAtPath(
  modelsDir: string,
  files: readonly RepoFile[],
  localDirs: ReadonlyMap<string, readonly string[]>,
): Promise<Map<string, string[]>> {
  const checks = files.flatMap((file) =>
    (localDirs.get(file.path) ?? []).map((folder) => ({ file, folder })),
  );
  const held = await mapBounded(checks, DISK_CHECKS_IN_FLIGHT, ({ file, folder }) =>
    localFileIsPresent(
      folder === MODELS_DIR_ITSELF ? modelsDir : join(modelsDir, ...folder.split('/')),
      file.path,
      blobIdOf(file),
      file.size,
    ).catch(() => false),
  );
  const atPath = new Map<string, string[]>();
  checks.forEach(({ file, folder }, index) => {
    if (held[index]) atPath.set(file.path, [...(atPath.get(file.path) ?? []), folder]);
  });
  return atPath;
}
