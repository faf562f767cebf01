/**
 * The Hub's hex identifiers as it writes them (docs/hub-protocol.md): a commit and a regular file's git blob
 * id are 40 lowercase hex characters (sha1), an LFS file's oid 64 (sha256). Cache paths are made of them
 * (`blobs/<blob id>`, `snapshots/<commit>`), so every room that reads a listing, a folder name or a marker
 * checks them with these, never with a pattern of its own.
 */
export const GIT_OID_SOURCE = '[0-9a-f]{40}';
export const SHA256_SOURCE = '[0-9a-f]{64}';
/** A blob id (either), as a regular-expression source without anchors, for longer patterns (temp names). */
export const BLOB_ID_SOURCE = `${GIT_OID_SOURCE}|${SHA256_SOURCE}`;
/**
 * The random part of a temp file name, one per download attempt: `<blob id>.<8 hex>.incomplete` in
 * huggingface_hub ≥ 1.18 (docs/hub-disk-layout.md §3.8), which hubget's own temp names follow
 * (`randomTempSuffix` in src/replace-file.ts makes them).
 */
export const TEMP_ATTEMPT_SOURCE = '[0-9a-f]{8}';

const GIT_OID = new RegExp(`^${GIT_OID_SOURCE}$`);
const SHA256 = new RegExp(`^${SHA256_SOURCE}$`);
const BLOB_ID = new RegExp(`^(?:${BLOB_ID_SOURCE})$`);
const TEMP_ATTEMPT = new RegExp(`^${TEMP_ATTEMPT_SOURCE}$`);
const XET_HASH = /^[0-9a-fA-F]{64}$/;

/** 40 lowercase hex characters: a commit, or a regular file's git blob id. */
export function isGitOid(value: string): boolean {
  return GIT_OID.test(value);
}

/** 64 lowercase hex characters: an LFS file's sha256. */
export function isSha256Hex(value: string): boolean {
  return SHA256.test(value);
}

/**
 * An Xet content hash as huggingface_hub checks one (`is_valid_xet_hash`: 64 hex characters, either case), which the
 * Hub lists as a file's `xetHash` and `trees/<commit>.json` keeps (src/cache/tree-listing.ts).
 */
export function isXetHash(value: string): boolean {
  return XET_HASH.test(value);
}

/** A blob file name in the cache: a git blob id or an LFS sha256. */
export function isBlobId(value: string): boolean {
  return BLOB_ID.test(value);
}

/** The random part of a temp file name: 8 lowercase hex characters. */
export function isTempAttempt(value: string): boolean {
  return TEMP_ATTEMPT.test(value);
}
