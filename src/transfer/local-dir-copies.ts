/**
 * A download into the HF cache copies what a finished local-dir download of the same repo already holds
 * instead of fetching it again (docs/cache-layout.md, "Reuse of a local dir"): the mirror image of local-dir
 * mode's reuse of the HF cache's blobs (plan-download.ts, docs/hub-disk-layout.md §3.12). Someone who fetched a model into
 * `~/models/name` for llama.cpp and then runs a tool that reads the HF cache gets a copy (a reflink where the
 * filesystem offers one), not a second download of the same gigabytes.
 *
 * Looked for under the models folder (`DownloadRequest.modelsDir`), in the local dirs hubget's marker names as
 * downloads of this repo (scan-local-marker.ts; a folder Python made has no marker and is not looked in). A
 * file counts only as local-dir mode counts its own files as downloaded (localFileIsPresent: its `.metadata`
 * names the same blob id, the size matches, the mtime rule holds), so a file being written, or edited by hand
 * since, is not taken; and the copy is hashed before it is committed like every copy (copyFromCache), so a
 * file whose bytes changed under an intact record is fetched instead.
 */
import { localFileIsPresent } from '../cache/file-presence.js';
import { localFilePath } from '../cache/local-dir-layout.js';
import { findLocalDirs } from '../cache/scan-local-dirs.js';
import { readLocalDirMarker } from '../cache/scan-local-marker.js';
import type { RepoRef } from '../hub/types.js';
import type { PlannedFile } from './types.js';

/** The local dirs under `modelsDir` that hubget's marker names as downloads of `repo` (none when it is missing). */
export async function localDirsOfRepo(modelsDir: string, repo: RepoRef): Promise<string[]> {
  const dirs = await findLocalDirs(modelsDir);
  const markers = await Promise.all(dirs.map((dir) => readLocalDirMarker(dir).catch(() => null)));
  return dirs.filter(
    (_, index) => markers[index]?.repoId === repo.repoId && markers[index]?.repoType === repo.repoType,
  );
}

/** The path of `file`'s content in the first of `localDirs` that holds it downloaded, or undefined. */
export async function localDirCopyOf(
  localDirs: readonly string[],
  file: Pick<PlannedFile, 'path' | 'blobId' | 'size'>,
): Promise<string | undefined> {
  for (const dir of localDirs) {
    if (await localFileIsPresent(dir, file.path, file.blobId, file.size).catch(() => false)) {
      return localFilePath(dir, file.path);
    }
  }
  return undefined;
}
