/**
 * Every error hubget raises on purpose is a HubgetError with a stable `code`.
 * Callers (retry policy, CLI exit messages, HTTP status mapping in the server) match on `code`,
 * never on message text. The list of codes is documented in docs/errors.md; a test keeps the two in step.
 */
import { shellWord } from './format/shell-word.js';

export const ERROR_CODES = {
  // Hub API / protocol
  REPO_NOT_FOUND: 'Repository not found, or it is private and no valid token was sent',
  GATED_REPO: 'Repository is gated: request access on its Hub page and pass a token',
  ENTRY_NOT_FOUND: 'File not found in the repository at this revision, or no file left by the patterns',
  REVISION_NOT_FOUND: 'Revision (branch, tag or commit) not found',
  UNAUTHORIZED: 'The token was rejected by the Hub',
  FORBIDDEN: 'The token lacks permission for this resource',
  RATE_LIMITED: 'The Hub rate-limited this client',
  HUB_HTTP_ERROR: 'The Hub answered with an unexpected HTTP status',
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
  DOWNLOAD_DELETED: "The download's folder or temp files were deleted while it ran",
  // Jobs / server
  JOB_NOT_FOUND: 'No such job',
  INVALID_STATE: 'The job is not in a state that allows this action',
  IN_USE: 'The resource is in use by a running job, or the data dir by another hubget server',
  NOT_SUPPORTED: 'Not supported on this platform',
  // Anything else
  INTERNAL_ERROR: 'An unexpected error inside hubget (a bug): the details are in the log',
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

const PROGRAMMING_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

/** The `code` of an error or of one of its causes (Node's errno codes, undici's UND_ERR_*). */
export function errorCodeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A plain bug: a TypeError, RangeError … thrown by JavaScript itself, with no system error behind it
 * (undici's `TypeError: fetch failed` carries its socket error as the cause, and is not one).
 */
export function isProgrammingError(error: unknown): boolean {
  return PROGRAMMING_ERRORS.some((type) => error instanceof type) && errorCodeOf(error) === undefined;
}

/** INTERNAL_ERROR for a bug: it says what broke; the stack stays in the cause, for the log. */
export function internalError(error: unknown): HubgetError {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new HubgetError('INTERNAL_ERROR', `Internal error (a bug in hubget, please report it): ${what}`, {
    cause: error,
  });
}

/**
 * Wrap anything thrown into a HubgetError, keeping HubgetErrors as they are. Aborts become ABORTED, a full
 * disk DISK_FULL, other system errors `fallback` (IO_ERROR for a failed filesystem call when none is
 * given), and everything unexpected — plain bugs above all — INTERNAL_ERROR, never a network code.
 */
export function toHubgetError(error: unknown, fallback: ErrorCode = 'INTERNAL_ERROR'): HubgetError {
  if (error instanceof HubgetError) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new HubgetError('ABORTED', 'The operation was aborted', { cause: error });
  }
  const code = errorCodeOf(error);
  if (code === 'ENOSPC') {
    return new HubgetError('DISK_FULL', diskFullMessage(error), { cause: error });
  }
  if (isProgrammingError(error)) return internalError(error);
  const message = error instanceof Error ? error.message : String(error);
  if (fallback !== 'INTERNAL_ERROR') return new HubgetError(fallback, message, { cause: error });
  if (code !== undefined && typeof (error as { syscall?: unknown }).syscall === 'string') {
    return new HubgetError('IO_ERROR', message, { cause: error });
  }
  return internalError(error);
}

/**
 * `No space left on device`, with the path when the failed call names one (`open`, `rename`, a copy); a write
 * to a descriptor names none, so the caller that knows the file adds it (`diskFullWhileWriting`).
 */
function diskFullMessage(error: unknown): string {
  const path = (error as { path?: unknown }).path;
  return typeof path === 'string' ? `${NO_SPACE} at ${shellWord(path)}` : NO_SPACE;
}

/** The system's words for ENOSPC: a DISK_FULL message that is only this names no path. */
const NO_SPACE = 'No space left on device';

/** A DISK_FULL error that names no path, told which file was being written where; any other error as it is. */
export function diskFullWhileWriting(error: HubgetError, file: string, folder: string): HubgetError {
  if (error.code !== 'DISK_FULL' || error.message !== NO_SPACE) return error;
  return new HubgetError(
    'DISK_FULL',
    `${NO_SPACE} in ${shellWord(folder)} while writing ${shellWord(file)}`,
    {
      cause: error.cause ?? error,
    },
  );
}

/** The folder (or its file system) refuses writes to this user: no permission, or a read-only mount. */
export function isNotWritable(error: unknown): boolean {
  const code = errorCodeOf(error);
  return code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
}
