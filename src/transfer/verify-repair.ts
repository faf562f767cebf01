/**
 * The first half of repairing what a verification found not intact (`hubget verify --repair`, the server's
 * POST /api/models/verify with `repair`; docs/cli-verify.md): each such file deleted — a corrupt blob and the snapshot
 * file naming it, a dangling snapshot file; in a local dir the file and its `.metadata` record — while no download
 * writes there (IN_USE otherwise, as a deletion is refused: downloads-here.ts), so that a download at its commit
 * fetches it again; and what to download, per commit. The download (the CLI's, or a server job) verifies what it fetches.
 */
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { cacheRepoLayout, snapshotFilePath } from '../cache/cache-layout.js';
import { localMetadataPath } from '../cache/local-dir-layout.js';
import type { DownloadPlace } from './claims-folder.js';
import { removeWhileNoDownloads } from './downloads-here.js';
import { type FileProblem, isBad } from './verify-problems.js';

/** Deletes the files of `problems` not intact at `place` (named `what` in an IN_USE refusal). */
export async function removeNotIntact(
  what: string,
  place: DownloadPlace,
  problems: readonly FileProblem[],
): Promise<void> {
  const bad = problems.filter(isBad);
  await removeWhileNoDownloads(what, place, async () => {
    for (const problem of bad) {
      if (place.kind === 'cache') {
        if (problem.file !== null) await rm(problem.file, { force: true });
        const layout = cacheRepoLayout(place.cacheDir, place.repo);
        await rm(snapshotFilePath(layout, problem.commit, problem.path), { force: true });
      } else {
        await rm(resolve(place.localDir, ...problem.path.split('/')), { force: true });
        await rm(localMetadataPath(place.localDir, problem.path), { force: true });
      }
    }
  });
}

/** The downloads that fetch the files not intact again: one per commit, its paths. */
export function repairDownloads(problems: readonly FileProblem[]): { commit: string; paths: string[] }[] {
  const byCommit = new Map<string, Set<string>>();
  for (const problem of problems.filter(isBad)) {
    const paths = byCommit.get(problem.commit) ?? new Set<string>();
    paths.add(problem.path);
    byCommit.set(problem.commit, paths);
  }
  return [...byCommit].map(([commit, paths]) => ({ commit, paths: [...paths] }));
}
