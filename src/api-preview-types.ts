/**
 * API types of the download preview (POST /api/downloads/preview, docs/api.md); src/api-types.ts is full and
 * re-exports them.
 */
import type { ApiRepoType } from './api-types.js';
import type { CopyPlace } from './format/copy-places.js';

/** A listed file in a preview: what the destination holds of it, whole (`present`) or resumable (`partialBytes`). */
export interface PreviewFile {
  path: string;
  size: number;
  present: boolean;
  partialBytes: number;
}

/** `POST /api/downloads/preview`'s query: `otherFiles`, also what the destination holds of the rest of the listing. */
export interface PreviewQuery {
  otherFiles?: boolean;
}

export interface PreviewResponse {
  repoId: string;
  repoType: ApiRepoType;
  revision: string;
  commit: string;
  /** `partialBytes`: of a file not `present`, what an unfinished download holds that the run resumes from. */
  files: PreviewFile[];
  /**
   * Asked with `?otherFiles=true` (PreviewQuery): the listing's files the selection leaves out, each as `files`
   * says what the destination holds of it; not part of the download nor of its byte counts. The model page weighs
   * every quantization against the folder's disk by them (docs/web-ui-pages.md).
   */
  otherFiles?: PreviewFile[];
  totalBytes: number;
  presentBytes: number;
  /** Over the network. */
  bytesToFetch: number;
  /**
   * Copied instead of fetched, from each place in `copiedFrom` (empty when nothing is copied): into a local dir from
   * the HF cache's blobs, into the cache from a local dir; either way from another repo's cache folder (a fork's).
   */
  copiedBytes: number;
  copiedFrom: CopyPlace[];
  /**
   * Of copiedBytes, LFS blobs another repo's folder of the HF cache holds: hard-linked, they take no room
   * (docs/cache-hard-links.md). Absent when none.
   */
  linkedBytes?: number;
  /** What the download writes at its destination (fetched + copied, less linkedBytes): compare with freeBytes. */
  bytesToWrite: number;
  freeBytes: number;
  gated: boolean;
  needsToken: boolean;
  destination: string;
  /**
   * Why the repo needs a token, for the user: gated (request access), or not listed at all (`commit` is
   * "": without a token the Hub answers a missing repo like a private or gated one). null otherwise.
   */
  message: string | null;
}
