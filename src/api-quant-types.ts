/** API types of deleting one GGUF quantization of a cached repo (docs/api-models.md); src/api-types.ts is full. */

/**
 * GET /api/models/:repoType/:org/:name/quants/:quant (what a deletion would do) and DELETE of it (what it did):
 * the quantization's files in every snapshot holding them, and the blobs no other snapshot file links to
 * (src/cache/delete-quant.ts).
 */
export interface QuantDeletion {
  /** As the repo's files spell it (`Q8_0`). */
  quant: string;
  /** Commits whose snapshot loses files. */
  commits: string[];
  /** The files that go, as paths inside the snapshot (`Q8_0/x-Q8_0-00001-of-00002.gguf`). */
  files: string[];
  /** Bytes freed: the blobs no remaining file links to. */
  freedBytes: number;
  /** The quantizations left on disk after it, smallest first. */
  remaining: string[];
  /** Absolute paths removed (snapshot files, then blobs); for GET, those a DELETE would remove. */
  deletedPaths: string[];
}
