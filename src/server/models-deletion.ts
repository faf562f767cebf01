/**
 * Deleting installed models through plan-then-execute, one or several together (docs/api-models.md): each plan says
 * what goes and what it frees; carried out, it is planned again under the claims mutexes of its place (a download
 * may have added a revision or blobs since), refused while any download owns files there
 * (src/transfer/downloads-here.ts, as `hubget rm`). Several together free the blobs they hard-link between them (a
 * fork's weights and its base's: src/cache/freed-together.ts), which each one alone counts as kept by the other.
 */
import type { ModelDeletionPart, ModelsDeletion } from '../api-models-deletion-types.js';
import {
  deleteFromCache,
  freedTogether,
  type LocalDirDeletionPlan,
  localBookkeepingDir,
  planDeletion,
  planLocalDirDeletion,
  removeLocalDir,
  type SharedBlob,
} from '../cache/index.js';
import { HubgetError, isHubgetError } from '../errors.js';
import { formatBytes } from '../format/units.js';
import { cacheKey, localKey } from '../model-keys.js';
import type { DownloadPlace } from '../transfer/claims-folder.js';
import { refuseWhileDownloading, removeWhileNoDownloads } from '../transfer/downloads-here.js';
import type { CachedModelRef } from './deps.js';

/** What a deletion frees and removes: planned, or done. */
export interface DeletionFigures {
  freedBytes: number;
  partialBytes: number;
  deletedPaths: string[];
}

/** One model's deletion, planned: carried out by `remove` under the claims mutexes of `place`. */
export interface PlannedModelDeletion {
  key: string;
  /** The repo id, or the folder as given. */
  name: string;
  /** How an IN_USE refusal names it. */
  what: string;
  place: DownloadPlace;
  planned: DeletionFigures;
  /** Its blobs another name links too (freed-together.ts). */
  sharedBlobs: readonly SharedBlob[];
  /** Plans again and deletes; call it only under removeWhileNoDownloads. */
  remove(): Promise<DeletionFigures>;
}

/** A repo in the HF cache, or one revision of it (full commit, as resolved by the first plan when planned again). */
export async function planCachedModelDeletion(
  hubCacheDir: string,
  ref: CachedModelRef,
): Promise<PlannedModelDeletion> {
  const repo = { repoId: ref.repoId, repoType: ref.repoType };
  const planNow = (revisions: string[] | undefined) => planDeletion(hubCacheDir, repo, revisions);
  const plan = await planNow(ref.revision === undefined ? undefined : [ref.revision]);
  const figures = (now: typeof plan): DeletionFigures => ({
    freedBytes: now.freedBytes,
    partialBytes: now.partialBytes,
    deletedPaths: now.wholeRepo ? [now.repoDir] : now.paths,
  });
  return {
    key: cacheKey(ref.repoType, ref.repoId),
    name: ref.repoId,
    what: ref.repoId,
    place: { kind: 'cache', cacheDir: plan.cacheDir, repo },
    planned: figures(plan),
    sharedBlobs: plan.sharedBlobs,
    remove: async () => {
      const now = await planNow(ref.revision === undefined ? undefined : plan.commits);
      await deleteFromCache(now);
      return figures(now);
    },
  };
}

/** A local-dir download directly under the models dir (the route refuses one in a sub-folder first). */
export async function planLocalModelDeletion(
  modelsDir: string,
  hubCacheDir: string,
  folder: string,
): Promise<PlannedModelDeletion> {
  const planNow = () => planLocalDirDeletion(modelsDir, folder, { protectedPaths: [hubCacheDir] });
  const plan = await planNow();
  const figures = (now: LocalDirDeletionPlan): DeletionFigures => ({
    freedBytes: now.freedBytes,
    partialBytes: now.partialBytes,
    deletedPaths: now.contents
      ? [...now.contents.downloaded.map((file) => file.path), localBookkeepingDir(now.path)]
      : [now.path],
  });
  return {
    key: localKey(folder),
    name: folder,
    what: `Folder ${folder}`,
    place: { kind: 'local', localDir: plan.path },
    planned: figures(plan),
    sharedBlobs: [],
    remove: async () => figures(await removeLocalDir(await planNow())),
  };
}

/** Carries out one planned deletion, unless a download owns files in its place. */
export function carryOut(planned: PlannedModelDeletion): Promise<DeletionFigures> {
  return removeWhileNoDownloads(planned.what, planned.place, () => planned.remove());
}

const sumOf = (parts: readonly ModelDeletionPart[], field: 'freedBytes' | 'partialBytes') =>
  parts.reduce((sum, part) => sum + part[field], 0);

function deletionOf(parts: ModelDeletionPart[]): ModelsDeletion {
  return {
    models: parts,
    freedBytes: sumOf(parts, 'freedBytes'),
    partialBytes: sumOf(parts, 'partialBytes'),
  };
}

/**
 * What `planned`, carried out together in order, free (`execute` false), or carry them out. Nothing is deleted
 * while any download owns files in one of their places (IN_USE naming it). Carried out in order, each planned again
 * when its turn comes: the last of them to go of a blob they link between them frees it, as freedTogether counts it.
 * A failure after some went says which went and what they freed, then why it stopped (the code of the failure).
 */
export async function deleteTogether(
  planned: readonly PlannedModelDeletion[],
  execute: boolean,
): Promise<ModelsDeletion> {
  for (const model of planned) await refuseWhileDownloading(model.what, model.place);
  const together = freedTogether(planned);
  const partOf = (model: PlannedModelDeletion, index: number, done: DeletionFigures) => {
    const { alsoFrees, keeps } = together[index]!;
    return {
      key: model.key,
      name: model.name,
      freedBytes: done.freedBytes + (execute ? 0 : alsoFrees),
      partialBytes: done.partialBytes,
      sharedBytes: keeps,
      deletedPaths: done.deletedPaths,
    };
  };
  if (!execute) return deletionOf(planned.map((model, index) => partOf(model, index, model.planned)));
  const parts: ModelDeletionPart[] = [];
  for (const [index, model] of planned.entries()) {
    try {
      parts.push(partOf(model, index, await carryOut(model)));
    } catch (error) {
      if (parts.length === 0 || !isHubgetError(error)) throw error;
      const deleted = `Deleted ${parts.map((part) => part.name).join(', ')} (freed ${formatBytes(sumOf(parts, 'freedBytes'))})`;
      throw new HubgetError(error.code, `${deleted}, then stopped at ${model.name}: ${error.message}`, {
        cause: error,
        details: { deleted: parts.map((part) => part.key) },
      });
    }
  }
  return deletionOf(parts);
}
