/**
 * The one place HubgetError codes become HTTP statuses. Every code in ERROR_CODES has an entry, so
 * adding a code without deciding its status fails the type check (Record over ErrorCode).
 */
import type { ErrorCode } from '../errors.js';

export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = Object.freeze({
  REPO_NOT_FOUND: 404,
  // The Hub answers 401 for gated repos without (enough) access: the user must act (request access, pass a token).
  GATED_REPO: 403,
  ENTRY_NOT_FOUND: 404,
  REVISION_NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  // Upstream failures are the Hub's, not ours: 502 Bad Gateway / 504-like unreachable.
  HUB_HTTP_ERROR: 502,
  NETWORK_UNREACHABLE: 503,
  OFFLINE_MODE: 503,
  INVALID_REPO_ID: 400,
  INVALID_ARGUMENT: 400,
  RANGE_MISMATCH: 502,
  CONTENT_CHANGED: 502,
  URL_EXPIRED: 502,
  STALLED: 504,
  SIZE_MISMATCH: 502,
  INTEGRITY_MISMATCH: 502,
  TRANSFER_FAILED: 502,
  ABORTED: 409,
  UNSAFE_PATH: 400,
  DISK_FULL: 507,
  IO_ERROR: 500,
  // Someone deleted the files under the download: the state of the disk conflicts with it.
  DOWNLOAD_DELETED: 409,
  JOB_NOT_FOUND: 404,
  INVALID_STATE: 409,
  IN_USE: 409,
  NOT_SUPPORTED: 501,
  INTERNAL_ERROR: 500,
});

export function statusOfErrorCode(code: ErrorCode): number {
  return ERROR_STATUS[code];
}
