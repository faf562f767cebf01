/**
 * The first half of repairing what a verification found not intact (`hubget verify --repair`, the server's
 * POST /api/models/verify with `repair`; docs/cli-verify.md): each such file deleted — a corrupt blob and the snapshot
 * file naming it, a dangling snapshot file; in a local dir the file and its `.metadata` record — while no download
 * writes there (IN_USE otherwise, as a deletion is refused: downloads-here.ts), so that a download at its commit
 * fetches it again; and what to download, per commit. The download (the CLI's, or a server job) verifies what it fetches.
 */
import { lstat, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { cacheRepoLayout, snapshotFilePath } from '../cache/cache-layout.js';
import { localMetadataPath } from '../cache/local-dir-layout.js';
import { HubgetError } from '../errors.js';
import { shellWord } from '../format/shell-word.js';
import type { RepoRef } from '../hub/types.js';
import type { DownloadPlace } from './claims-folder.js';
import { removeWhileNoDownloads } from './downloads-here.js';
import { type FileProblem, isBad } from './verify-problems.js';

/** Deletes the files of `problems` not intact at `place` (named `what` in an IN_USE refusal). */
export async function removeNotIntact(
  what: string,
  place: DownloadPlace,
  problems: readonly FileProblem[],
): Promise<void> {
  await removeWhileNoDownloads(what, place, async () => {
    for (const path of notIntactFiles(place, problems)) await rm(path, { force: true });
  });
}

/**
 * The files a repair deletes for `problems` at `place`: of a cache, a corrupt blob and the snapshot file naming it
 * (or the dangling one); of a local dir, the file and its `.metadata` record.
 */
export function notIntactFiles(place: DownloadPlace, problems: readonly FileProblem[]): string[] {
  return problems.filter(isBad).flatMap((problem) => {
    if (place.kind === 'cache') {
      const layout = cacheRepoLayout(place.cacheDir, place.repo);
      const snapshot = snapshotFilePath(layout, problem.commit, problem.path);
      return problem.file === null ? [snapshot] : [problem.file, snapshot];
    }
    return [
      resolve(place.localDir, ...problem.path.split('/')),
      localMetadataPath(place.localDir, problem.path),
    ];
  });
}

/**
 * What `notIntactFiles` finds on disk now, each file's size, modification time and inode (or its absence): the same
 * string later means nothing replaced or changed them meanwhile.
 */
export async function notIntactState(
  place: DownloadPlace,
  problems: readonly FileProblem[],
): Promise<string> {
  const states = await Promise.all(
    notIntactFiles(place, problems).map(async (path) => {
      const info = await lstat(path).catch(() => undefined);
      return `${path}\0${info ? `${info.size}:${info.mtimeMs}:${info.ino}` : 'absent'}`;
    }),
  );
  return states.join('\n');
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

/**
 * The name of a server job that fetches `paths` again for a repair of `label` (a repo id, a local folder): told apart
 * from the model's own download in the Downloads list, "repair: org/a/model-00002.bin", "repair: org/a (3 files)".
 */
export function repairJobName(label: string, paths: readonly string[]): string {
  return paths.length === 1 ? `repair: ${label}/${paths[0]}` : `repair: ${label} (${paths.length} files)`;
}

/**
 * Why a local dir no hubget marker names (one huggingface_hub made) is not repaired, and the command that names the
 * repo it holds, which does repair it (docs/cli-verify.md). A download into it again would not: it finds each file's
 * `.metadata` record matching the Hub's listing and fetches nothing, corrupt or not.
 */
export function unnamedRepoRefusal(localDir: string): string {
  return `no hubget marker names the repo it holds; name it: hubget verify REPO --local-dir ${shellWord(localDir)} --repair`;
}

/** A repo as a message names it: its id, and its type unless a model. */
export function repoLabel(repo: RepoRef): string {
  return repo.repoType === 'model' ? repo.repoId : `${repo.repoId} (${repo.repoType})`;
}

/**
 * The repo a local dir's repair downloads: the one its hubget marker names (`marked`), else the one the user named
 * (`named`: `hubget verify REPO --local-dir DIR`, the server's `repoId` beside `localFolder`); undefined when neither.
 * A named repo other than the marker's is refused (INVALID_ARGUMENT): the folder's files are another repo's. `what`
 * names the folder in that refusal.
 */
export function localDirRepo(
  what: string,
  marked: RepoRef | undefined,
  named: RepoRef | undefined,
): RepoRef | undefined {
  if (named && marked && (marked.repoId !== named.repoId || marked.repoType !== named.repoType)) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `${what} holds ${repoLabel(marked)} (its hubget marker says so), not ${repoLabel(named)}`,
    );
  }
  return marked ?? named;
}
