/**
 * Deleting from the hub cache like `hf cache delete` (huggingface_hub `DeleteCacheStrategy`): a revision's
 * snapshot folder and the refs pointing at it go, and only the blobs no remaining revision uses; deleting
 * every revision deletes the whole repo folder (plus its `.locks/` folder). Plan first, then execute, so
 * the caller can show the freed size and refuse while a job uses one of `plan.paths` (IN_USE is the
 * caller's: jobs know what they write).
 */
import { rm, rmdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { quantNames } from '../catalog/gguf-quants.js';
import { HubgetError } from '../errors.js';
import { copyBytes } from '../format/copy-bytes.js';
import { colonAfter } from '../format/path-punctuation.js';
import { shellWord } from '../format/shell-word.js';
import { plural } from '../format/units.js';
import { commitsWithPrefix } from '../hub/short-commit.js';
import type { RepoRef } from '../hub/types.js';
import { pathExists } from '../system/path-kind.js';
import { cacheRepoLayout, repoLocksDir } from './cache-layout.js';
import { type SharedBlob, sharedBlobsOf } from './freed-together.js';
import { repoFolderName } from './repo-folder.js';
import { isInside } from './safe-path.js';
import {
  blobFilesOf,
  blobsOf,
  type CachedFile,
  type CachedRevisionDetail,
  type CacheScanWarning,
  isSharedBlob,
  scanCachedRepo,
  sharedBlobBytesOf,
  sizeOnDiskOf,
} from './scan-cached-repo.js';
import { unfinishedInCachedRepo } from './unfinished-downloads.js';

export interface DeletionPlan {
  cacheDir: string;
  repo: RepoRef;
  repoDir: string;
  /** True when no revision is left: the repo folder itself goes. */
  wholeRepo: boolean;
  /** Commits being removed. */
  commits: string[];
  /** The GGUF quantizations the removed revisions hold whole (`Q4_K_M`), smallest first: said before deleting. */
  quants: string[];
  /**
   * Bytes the deletion frees, by the rule `hubget ls` lists them by (src/format/copy-bytes.ts): the blobs no
   * remaining revision uses, by their length; a whole repo's every blob, and what its unfinished downloads' temp
   * files hold (`partialBytes`). Bookkeeping (refs, `.no_exist/`, `trees/`, locks) is not counted.
   */
  freedBytes: number;
  /**
   * Bytes of the removed blobs that stay on disk under another name, left out of `freedBytes`: a blob hard-linked
   * from or by another repo's folder (a fork's weights: src/transfer/link-other-repo-blob.ts).
   */
  sharedBytes: number;
  /** Those blobs, each name that goes: freed after all when the same deletion removes their every name (freed-together.ts). */
  sharedBlobs: SharedBlob[];
  /** Of `freedBytes`, what the temp files of unfinished downloads hold: a whole repo's; 0 for revisions (they stay). */
  partialBytes: number;
  blobs: string[];
  snapshots: string[];
  refs: string[];
  /** `.no_exist/<commit>`, `trees/<commit>.json`, and for a whole repo its `.locks/` folder. */
  extras: string[];
  /** Every path removed (folders removed with their content): for the caller's "in use" check. */
  paths: string[];
}

/** A symlink in the cache is judged as itself: a dangling one is still there to delete. */
const NO_FOLLOW = { followLinks: false };

/**
 * The cached commit `requested` names: a cached full commit, a ref name, or the beginning of one cached
 * commit (7+ hex characters, as hubget prints commits). REVISION_NOT_FOUND when it names none of them;
 * INVALID_ARGUMENT, listing them, when several start with it.
 */
export function cachedCommitOf(
  requested: string,
  repo: RepoRef,
  revisions: readonly { commit: string }[],
  refs: ReadonlyMap<string, string> | undefined,
): string {
  const cached = revisions.map((revision) => revision.commit);
  const named = cached.includes(requested) ? requested : refs?.get(requested);
  if (named !== undefined && cached.includes(named)) return named;
  const matches = named === undefined ? commitsWithPrefix(requested, cached) : [];
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new HubgetError(
      'INVALID_ARGUMENT',
      `Revision ${requested} of ${repo.repoId} is ambiguous: ${matches.length} cached commits start with it (${matches.join(', ')}); give more of the commit`,
      { details: { repoId: repo.repoId, revision: requested, candidates: matches } },
    );
  }
  throw new HubgetError('REVISION_NOT_FOUND', `Revision ${requested} of ${repo.repoId} is not in the cache`, {
    details: { repoId: repo.repoId, revision: requested, where: 'cache' },
  });
}

/**
 * Plan the deletion of `commits` (full or short commits, or ref names such as `main`) of `repo`, or of the
 * whole repo when `commits` is undefined. Throws REPO_NOT_FOUND / REVISION_NOT_FOUND when they are not in the
 * cache, INVALID_ARGUMENT for a short commit that several cached commits start with.
 */
export async function planDeletion(
  cacheDir: string,
  repo: RepoRef,
  commits?: string[],
  warnings: CacheScanWarning[] = [],
): Promise<DeletionPlan> {
  const root = resolve(cacheDir);
  const folder = repoFolderName(repo);
  const repoDir = join(root, folder);
  if (!(await pathExists(repoDir, NO_FOLLOW))) {
    throw new HubgetError('REPO_NOT_FOUND', `${repo.repoType} ${repo.repoId} is not in the cache ${root}`, {
      details: { repoId: repo.repoId, where: 'cache' },
    });
  }
  const detail = await scanCachedRepo(repoDir, repo, warnings);
  const revisions = detail?.revisions ?? [];
  const wanted = new Set<string>();
  for (const requested of commits ?? revisions.map((revision) => revision.commit)) {
    wanted.add(cachedCommitOf(requested, repo, revisions, detail?.refs));
  }
  const removed = revisions.filter((revision) => wanted.has(revision.commit));
  const kept = revisions.filter((revision) => !wanted.has(revision.commit));
  const base = {
    cacheDir: root,
    repo,
    repoDir,
    commits: [...wanted].sort(),
    quants: quantNames(removed.flatMap((revision) => revision.files)),
  };

  if (commits === undefined || kept.length === 0) {
    const locks = repoLocksDir(cacheRepoLayout(root, repo));
    const extras = (await pathExists(locks, NO_FOLLOW)) ? [locks] : [];
    // What `hubget ls` lists of the repo (scan-cache.ts): its finished files and its unfinished downloads.
    const sharedBytes = sharedBlobBytesOf(revisions);
    const sharedBlobs = sharedBlobsOf(blobFilesOf(revisions).values());
    const copy = {
      sizeOnDisk: sizeOnDiskOf(revisions) - sharedBytes,
      unfinishedBytes: (await unfinishedInCachedRepo(repoDir)).bytes,
    };
    return {
      ...base,
      wholeRepo: true,
      freedBytes: copyBytes(copy),
      sharedBytes,
      sharedBlobs,
      partialBytes: copy.unfinishedBytes,
      blobs: [],
      snapshots: removed.map((revision) => revision.snapshotDir),
      refs: [...(detail?.refs.keys() ?? [])].map((name) => join(repoDir, 'refs', ...name.split('/'))),
      extras,
      paths: [repoDir, ...extras],
    };
  }

  const { blobs, freedBytes, sharedBytes, sharedBlobs } = unsharedBlobs(
    removed,
    kept,
    join(repoDir, 'blobs'),
  );
  const refs = [...(detail?.refs ?? [])]
    .filter(([, commit]) => wanted.has(commit))
    .map(([name]) => join(repoDir, 'refs', ...name.split('/')));
  const extras: string[] = [];
  for (const commit of wanted) {
    for (const path of [join(repoDir, '.no_exist', commit), join(repoDir, 'trees', `${commit}.json`)]) {
      if (await pathExists(path, NO_FOLLOW)) extras.push(path);
    }
  }
  const snapshots = removed.map((revision) => revision.snapshotDir);
  return {
    ...base,
    wholeRepo: false,
    freedBytes,
    sharedBytes,
    sharedBlobs,
    partialBytes: 0,
    blobs,
    snapshots,
    refs,
    extras,
    paths: [...refs, ...snapshots, ...blobs, ...extras],
  };
}

/**
 * The blobs that go with the files of `removed` while those of `kept` stay (a blob any kept file links to stays),
 * sorted, and the bytes that frees: a blob another repo's folder links too frees nothing (`sharedBytes`). Blobs live in
 * blobs/; in no-symlink mode (docs/hub-disk-layout.md §3.10) the data sits in the snapshot folder itself and goes with
 * it (counted, not listed). A link pointing anywhere else is never followed to delete its target.
 */
export function unsharedBlobs(
  removed: readonly CachedRevisionDetail[],
  kept: readonly CachedRevisionDetail[],
  blobsDir: string,
): { blobs: string[]; freedBytes: number; sharedBytes: number; sharedBlobs: SharedBlob[] } {
  const keptBlobs = blobsOf(kept);
  let freedBytes = 0;
  let sharedBytes = 0;
  const blobs: string[] = [];
  const going: CachedFile[] = [];
  for (const [blobPath, file] of blobFilesOf(removed)) {
    if (keptBlobs.has(blobPath)) continue;
    going.push(file);
    if (isSharedBlob(file)) sharedBytes += file.size;
    else freedBytes += file.size;
    if (isInside(blobsDir, blobPath)) blobs.push(blobPath);
  }
  return { blobs: blobs.sort(), freedBytes, sharedBytes, sharedBlobs: sharedBlobsOf(going) };
}

/**
 * Whether a plan made again just before deleting removes other revisions or blobs than the one the user
 * confirmed: a download added a revision meanwhile (one sharing blobs keeps them; a whole-repo plan for one
 * revision is no longer whole). Sizes may differ (a temp file grew), and so may the `.locks/` folder, which
 * the deletion itself makes to hold its mutex (src/transfer/downloads-here.ts).
 */
export function deletionPlanChanged(confirmed: DeletionPlan, now: DeletionPlan): boolean {
  return (
    confirmed.wholeRepo !== now.wholeRepo ||
    !sameSet(confirmed.commits, now.commits) ||
    !sameSet(confirmed.blobs, now.blobs)
  );
}

/** The same strings, in any order. */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sortedB = [...b].sort();
  return [...a].sort().every((value, index) => value === sortedB[index]);
}

/**
 * The plan to carry out: `planAgain`'s, made under the claims mutex (src/transfer/downloads-here.ts), when it
 * removes what the confirmed one said; IN_USE when a download changed the repo since (nothing deleted).
 */
export async function confirmedPlan<P>(
  what: string,
  confirmed: P,
  planAgain: () => Promise<P>,
  changed: (confirmed: P, now: P) => boolean,
): Promise<P> {
  const now = await planAgain();
  if (!changed(confirmed, now)) return now;
  throw new HubgetError(
    'IN_USE',
    `${what} changed since this deletion was planned (a download added or wrote files meanwhile); nothing was deleted: run this again to see what it deletes now`,
  );
}

/** Remove now-empty folders between `path` and `stopAt` (nested refs such as refs/refs/pr/1); never `stopAt`. */
export async function pruneEmptyParents(path: string, stopAt: string): Promise<void> {
  let dir = dirname(path);
  while (isInside(stopAt, dir)) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
    dir = dirname(dir);
  }
}

/**
 * Execute a plan. Every path is checked to lie inside the repo folder (or the repo's `.locks/` folder)
 * again, so a tampered plan cannot delete elsewhere. Refs go first: a ref must never outlive its
 * snapshot (docs/hub-disk-layout.md §3.11). All deletions are attempted; failures are reported together as IO_ERROR.
 */
export async function deleteFromCache(
  plan: DeletionPlan,
): Promise<{ freedBytes: number; partialBytes: number }> {
  const root = resolve(plan.cacheDir);
  const folder = repoFolderName(plan.repo);
  const repoDir = join(root, folder);
  const locksDir = repoLocksDir(cacheRepoLayout(root, plan.repo));
  if (resolve(plan.repoDir) !== repoDir) {
    throw new HubgetError('UNSAFE_PATH', `Deletion plan names ${plan.repoDir} instead of ${repoDir}`);
  }
  // A whole repo takes its `.locks/` folder too, also one made since the plan (a deletion made it to hold its
  // claims mutex: src/transfer/downloads-here.ts).
  const targets = plan.wholeRepo ? [repoDir, locksDir] : [...plan.paths];
  for (const target of targets) {
    const path = resolve(target);
    const allowed = path === repoDir || isInside(repoDir, path) || path === locksDir;
    if (!allowed)
      throw new HubgetError(
        'UNSAFE_PATH',
        colonAfter(`Refusing to delete ${shellWord(path)}`, `outside ${shellWord(repoDir)}`),
      );
  }
  await removeAll(targets, async (target) => {
    await rm(target, { recursive: true, force: true });
    if (plan.refs.includes(target)) await pruneEmptyParents(target, join(repoDir, 'refs'));
  });
  return { freedBytes: plan.freedBytes, partialBytes: plan.partialBytes };
}

/** `remove` for every target, all attempted in order; the failures together as one IO_ERROR. */
export async function removeAll(
  targets: readonly string[],
  remove: (target: string) => Promise<void>,
): Promise<void> {
  const failures: string[] = [];
  for (const target of targets) {
    try {
      await remove(target);
    } catch (error) {
      failures.push(colonAfter(shellWord(target), (error as Error).message, true));
    }
  }
  if (failures.length > 0) {
    throw new HubgetError(
      'IO_ERROR',
      `Could not delete ${plural(failures.length, 'path')}: ${failures.join('; ')}`,
      {
        details: { failures },
      },
    );
  }
}
