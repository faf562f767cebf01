/**
 * Deleting one GGUF quantization from a cached repo (`hubget rm org/x:Q8_0`, the web UI's Delete of one
 * quantization): in every snapshot that holds it (or the revisions asked for), its `.gguf` file(s), every part
 * of a split one, by the one quantization rule (src/catalog/gguf-quants.ts); then the blobs no remaining
 * snapshot file links to. The other files (README, config, tokenizer, mmproj, the other quantizations) stay, and
 * so does a blob another snapshot file still uses (the same content in another revision). Plan first, then
 * execute, as delete-cache.ts does for revisions; the caller refuses while a job uses the repo (IN_USE).
 */
import { rm } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { listGgufQuants, quantKey } from '../catalog/gguf-quants.js';
import { HubgetError } from '../errors.js';
import { colonAfter } from '../format/path-punctuation.js';
import { shellWord } from '../format/shell-word.js';
import type { RepoRef } from '../hub/types.js';
import { pathExists } from '../system/path-kind.js';
import { cachedCommitOf, pruneEmptyParents, removeAll, sameSet, unsharedBlobs } from './delete-cache.js';
import type { SharedBlob } from './freed-together.js';
import { repoFolderName } from './repo-folder.js';
import { isInside, safeJoin } from './safe-path.js';
import { type CachedRevisionDetail, type CacheScanWarning, scanCachedRepo } from './scan-cached-repo.js';

export interface QuantDeletionPlan {
  cacheDir: string;
  repo: RepoRef;
  repoDir: string;
  /** The quantization as the repo's files spell it (`Q8_0`). */
  quant: string;
  /** Commits whose snapshot loses files, sorted. */
  commits: string[];
  /** The snapshot files removed (links, or the files themselves in no-symlink mode), sorted. */
  files: string[];
  /** Their paths inside the snapshot (`Q8_0/x-Q8_0-00001-of-00002.gguf`), each once, sorted. */
  quantFiles: string[];
  /** The blobs no remaining snapshot file links to, sorted. */
  blobs: string[];
  /** Bytes freed: the sizes of those blobs (in no-symlink mode, of the files themselves). */
  freedBytes: number;
  /** Bytes of those blobs another repo's folder links too: they stay (delete-cache.ts `unsharedBlobs`). */
  sharedBytes: number;
  /** Those blobs, each name that goes (freed-together.ts: a set of deletions removing their every name frees them). */
  sharedBlobs: SharedBlob[];
  /** The quantizations left on disk after the deletion, smallest first. */
  remaining: string[];
  /** Every path removed: for --dry-run and the answer of the server's route. */
  paths: string[];
}

/** The quantizations of a set of revisions, as the rule names them, smallest first. */
function quantsOf(revisions: readonly CachedRevisionDetail[]) {
  return listGgufQuants(revisions.flatMap((revision) => revision.files)).quants;
}

/**
 * Plan the deletion of quantization `quant` (case-insensitive) of `repo`, in every cached revision or in
 * `commits` (full or short commits, or ref names). REPO_NOT_FOUND / REVISION_NOT_FOUND as planDeletion;
 * INVALID_ARGUMENT, listing the quantizations on disk, when none of its files is there.
 */
export async function planQuantDeletion(
  cacheDir: string,
  repo: RepoRef,
  quant: string,
  commits?: string[],
  warnings: CacheScanWarning[] = [],
): Promise<QuantDeletionPlan> {
  const root = resolve(cacheDir);
  const repoDir = join(root, repoFolderName(repo));
  if (!(await pathExists(repoDir, { followLinks: false }))) {
    throw new HubgetError('REPO_NOT_FOUND', `${repo.repoType} ${repo.repoId} is not in the cache ${root}`, {
      details: { repoId: repo.repoId, where: 'cache' },
    });
  }
  const detail = await scanCachedRepo(repoDir, repo, warnings);
  const revisions = detail?.revisions ?? [];
  const wanted =
    commits === undefined
      ? new Set(revisions.map((revision) => revision.commit))
      : new Set(commits.map((requested) => cachedCommitOf(requested, repo, revisions, detail?.refs)));
  const scope = revisions.filter((revision) => wanted.has(revision.commit));
  const name = quantKey(quant);
  const onDisk = quantsOf(scope);
  if (!onDisk.some((candidate) => candidate.name === name)) {
    const names = onDisk.map((candidate) => candidate.name);
    const where = commits === undefined ? 'the cache' : `revision ${commits.join(', ')} in the cache`;
    throw new HubgetError(
      'INVALID_ARGUMENT',
      names.length > 0
        ? `No quantization ${name} of ${repo.repoId} in ${where}; on disk: ${names.join(', ')}`
        : `${repo.repoId} has no GGUF quantization in ${where}`,
      { details: { repoId: repo.repoId, quant: name, available: names } },
    );
  }
  // Per revision, its files of that quantization go (the rule read on the revision's own files).
  const gone = (revision: CachedRevisionDetail) =>
    new Set(listGgufQuants(revision.files).quants.find((candidate) => candidate.name === name)?.files);
  const removed: CachedRevisionDetail[] = [];
  const kept: CachedRevisionDetail[] = [];
  for (const revision of revisions) {
    const paths = wanted.has(revision.commit) ? gone(revision) : new Set<string>();
    if (paths.size > 0)
      removed.push({ ...revision, files: revision.files.filter((file) => paths.has(file.path)) });
    kept.push({ ...revision, files: revision.files.filter((file) => !paths.has(file.path)) });
  }
  const files = removed.flatMap((revision) =>
    revision.files.map((file) => safeJoin(revision.snapshotDir, file.path)),
  );
  const quantFiles = new Set(removed.flatMap((revision) => revision.files.map((file) => file.path)));
  // A blob stays while any snapshot file that stays links to it (in this revision or another).
  const { blobs, freedBytes, sharedBytes, sharedBlobs } = unsharedBlobs(
    removed,
    kept,
    join(repoDir, 'blobs'),
  );
  const remaining = quantsOf(kept).map((candidate) => candidate.name);
  files.sort();
  return {
    cacheDir: root,
    repo,
    repoDir,
    quant: name,
    commits: removed.map((revision) => revision.commit).sort(),
    files,
    quantFiles: [...quantFiles].sort(),
    blobs,
    freedBytes,
    sharedBytes,
    sharedBlobs,
    remaining,
    paths: [...files, ...blobs],
  };
}

/** Whether a plan made again just before deleting removes other files or blobs than the one confirmed. */
export function quantPlanChanged(confirmed: QuantDeletionPlan, now: QuantDeletionPlan): boolean {
  return !sameSet(confirmed.files, now.files) || !sameSet(confirmed.blobs, now.blobs);
}

/**
 * Execute a plan: every path is checked again to lie in the repo's snapshots/ or blobs/ folder (a tampered plan
 * deletes nothing elsewhere); snapshot files go before their blobs, then the sub-folders they leave empty (a
 * `Q4_K_M/` folder). All deletions are attempted; failures are reported together as IO_ERROR.
 */
export async function deleteQuantFromCache(plan: QuantDeletionPlan): Promise<{ freedBytes: number }> {
  const repoDir = join(resolve(plan.cacheDir), repoFolderName(plan.repo));
  if (resolve(plan.repoDir) !== repoDir) {
    throw new HubgetError('UNSAFE_PATH', `Deletion plan names ${plan.repoDir} instead of ${repoDir}`);
  }
  const snapshotsDir = join(repoDir, 'snapshots');
  const blobsDir = join(repoDir, 'blobs');
  for (const target of [...plan.files, ...plan.blobs]) {
    const path = resolve(target);
    if (!isInside(snapshotsDir, path) && !isInside(blobsDir, path)) {
      throw new HubgetError(
        'UNSAFE_PATH',
        colonAfter(
          `Refusing to delete ${shellWord(path)}`,
          `outside ${shellWord(snapshotsDir)} and ${shellWord(blobsDir)}`,
        ),
      );
    }
  }
  // The empty sub-folders a removed file leaves (`Q4_K_M/`) go, never its snapshot folder.
  const snapshotOf = (file: string) => join(snapshotsDir, relative(snapshotsDir, file).split(sep)[0] ?? '');
  await removeAll([...plan.files, ...plan.blobs], (target) => rm(target, { force: true }));
  for (const file of plan.files) await pruneEmptyParents(file, snapshotOf(file));
  return { freedBytes: plan.freedBytes };
}
