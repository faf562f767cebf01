/**
 * API types of deleting several models together (docs/api-models.md, `POST /api/models/delete` and its preview);
 * src/api-types.ts is full.
 */
import type { ApiRepoType } from './api-types.js';

/** One model of the set: a repo in the HF cache, or a local dir directly under the models dir. */
export type ModelToDeleteRef = { repoType: ApiRepoType; repoId: string } | { localFolder: string };

/**
 * `POST /api/models/delete` and `POST /api/models/delete/preview`: the models, deleted in this order, each named by
 * `repoId` (with `repoType`, default `model`) or by `localFolder`, not both.
 */
export interface DeleteModelsRequest {
  models: { repoType?: ApiRepoType; repoId?: string; localFolder?: string }[];
}

/** What one model of the set frees (preview) or freed. */
export interface ModelDeletionPart {
  /** Its key in `GET /api/models` (`cache:model/org/base`, `local:qwen`). */
  key: string;
  /** The repo id, or the local dir's folder. */
  name: string;
  /**
   * Bytes it frees: what deleting it alone frees, plus the blobs it shares with other models of the set whose
   * every name the set removes, each counted once, for the last model in the set that holds it.
   */
  freedBytes: number;
  /** Of `freedBytes`, what the temp files of unfinished downloads hold. */
  partialBytes: number;
  /** Bytes of its blobs that stay: a repo's folder outside the set links them too (a fork's weights). */
  sharedBytes: number;
  /** Absolute paths that go (preview: would go). */
  deletedPaths: string[];
}

export interface ModelsDeletion {
  /** In the order asked. */
  models: ModelDeletionPart[];
  /** What the set frees together: the models' `freedBytes` summed. */
  freedBytes: number;
  /** Of it, what unfinished downloads' temp files hold. */
  partialBytes: number;
}
