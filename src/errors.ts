/**
 * Every error hubget raises on purpose is a HubgetError with a stable `code`.
 * Callers (retry policy, CLI exit messages, HTTP status mapping in the server) match on `code`,
 * never on message text. The list of codes is documented in docs/errors.md; a test keeps the two in step.
 */
export const ERROR_CODES = {
  // Hub API / protocol
  REPO_NOT_FOUND: 'Repository not found, or it is private and no valid token was sent',
  GATED_REPO: 'Repository is gated: request access on its Hub page and pass a token',
  ENTRY_NOT_FOUND: 'File not found in the repository at this revision',
  REVISION_NOT_FOUND: 'Revision (branch, tag or commit) not found',
  UNAUTHORIZED: 'The token was rejected by the Hub',
  FORBIDDEN: 'The token lacks permission for this resource',
  RATE_LIMITED: 'The Hub rate-limited this client',
  HUB_HTTP_ERROR: 'The Hub answered with an unexpected HTTP status',
  MIRROR_MISSING_HEADERS: 'The endpoint (a mirror or proxy?) omitted headers the Hub protocol requires',
  NETWORK_UNREACHABLE: 'The endpoint could not be reached',
  OFFLINE_MODE: 'Offline mode (HF_HUB_OFFLINE) forbids network access',
  INVALID_REPO_ID: 'The repository id is malformed',
  INVALID_ARGUMENT: 'An argument is invalid',
  // Transfer
  RANGE_MISMATCH: 'The server answered a ranged request with the wrong Content-Range',
  CONTENT_CHANGED: 'The remote file changed during the download',
  URL_EXPIRED: 'The signed download URL expired',
  STALLED: 'No bytes arrived within the stall timeout',
  SIZE_MISMATCH: 'The downloaded size differs from the expected size',
  INTEGRITY_MISMATCH: 'The downloaded content does not match its expected hash',
  TRANSFER_FAILED: 'A transfer failed after all retries',
  ABORTED: 'The operation was aborted',
  // Disk / layout
  UNSAFE_PATH: 'A path from the Hub would escape the target folder',
  DISK_FULL: 'Not enough free disk space',
  IO_ERROR: 'A filesystem operation failed',
  // Jobs / server
  JOB_NOT_FOUND: 'No such job',
  INVALID_STATE: 'The job is not in a state that allows this action',
  IN_USE: 'The resource is in use by a running job',
  NOT_SUPPORTED: 'Not supported on this platform',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface HubgetErrorOptions {
  cause?: unknown;
  /** True when trying the same thing again later may succeed (network blip, 5xx, 429, stall). */
  retryable?: boolean;
  /** Milliseconds the server asked us to wait (Retry-After / RateLimit t=). */
  retryAfterMs?: number;
  /** HTTP status that caused it, when there was one. */
  status?: number;
  /** Structured extras for callers and logs (never secrets). */
  details?: Record<string, unknown>;
}

export class HubgetError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: HubgetErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HubgetError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
    this.details = options.details;
  }

  toJSON(): { code: ErrorCode; message: string; retryable: boolean } {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

export function isHubgetError(error: unknown, code?: ErrorCode): error is HubgetError {
  return error instanceof HubgetError && (code === undefined || error.code === code);
}

/** Wrap anything thrown into a HubgetError, keeping HubgetErrors as they are. */
export function toHubgetError(error: unknown, fallback: ErrorCode = 'TRANSFER_FAILED'): HubgetError {
  if (error instanceof HubgetError) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new HubgetError('ABORTED', 'The operation was aborted', { cause: error });
  }
  const nodeCode = (error as { code?: unknown } | null)?.code;
  if (nodeCode === 'ENOSPC') {
    return new HubgetError('DISK_FULL', 'No space left on device', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new HubgetError(fallback, message, { cause: error });
}
