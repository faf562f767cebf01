/**
 * Another program's partial download, as the tests of taking one over leave it (foreign-partial.test.ts in its own
 * place, other-layout-partial.test.ts in the other layout's): written whole at a path, last written long ago.
 */
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cacheRepoLayout } from '../../src/cache/cache-layout.js';
import type { RepoRef } from '../../src/hub/types.js';
import { WEIGHTS, type WeightsRepo } from './weights-repo.js';

/** Older than the window within which a temp file counts as being written (ACTIVE_WRITE_WINDOW_MS). */
export const LONG_AGO = new Date(Date.now() - 5 * 60_000);

/** A partial download another program left at `path`, last written `at`. */
export async function leavePartial(path: string, content: Buffer, at = LONG_AGO): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  await utimes(path, at, at);
}

/** The `blobs/` folder of `repo` in the HF cache at `cacheDir`. */
export function blobsFolder(cacheDir: string, repo: RepoRef): string {
  return join(cacheRepoLayout(cacheDir, repo).repoDir, 'blobs');
}

/** The weights file's blob id (its sha256) and content. */
export const weightsBlobOf = (fixture: WeightsRepo): string =>
  fixture.repo.files.find((file) => file.path === WEIGHTS)!.sha256;
export const weightsOf = (fixture: WeightsRepo): Buffer => fixture.repo.contentOf(WEIGHTS);
