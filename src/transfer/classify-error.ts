/**
 * Any failure of one range request as a HubgetError whose `retryable` tells the transfer what to do, by
 * the rules of hubget's one retry policy (src/hub/retry-policy.ts).
 */
import { errorCodeOf, HubgetError, internalError, isProgrammingError, toHubgetError } from '../errors.js';
import { networkFailureWhat } from '../hub/network-failure-words.js';
import { isRetryableNetworkError } from '../hub/retry-policy.js';

/**
 * `Network error: the connection was refused (connect ECONNREFUSED 127.0.0.1:4102)`: a known failure in words,
 * the system's message (which names the address) in brackets, the code once; `Network error (UND_ERR_SOCKET): other
 * side closed` for a code the message does not name.
 */
function networkErrorMessage(code: string, message: string): string {
  const what = networkFailureWhat(code);
  if (what !== undefined) return `Network error: ${what} (${message})`;
  return message.includes(code) ? `Network error: ${message}` : `Network error (${code}): ${message}`;
}

/**
 * Network-level errors (undici codes, socket errno) are retryable; disk errors and aborts are not.
 */
export function classifyTransferError(error: unknown): HubgetError {
  if (error instanceof HubgetError) return error;
  const code = errorCodeOf(error);
  if (code === 'ENOSPC') return toHubgetError(error);
  if (code !== undefined && isRetryableNetworkError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new HubgetError('TRANSFER_FAILED', networkErrorMessage(code, message), {
      cause: error,
      retryable: true,
    });
  }
  if (error instanceof Error && (error.name === 'AbortError' || code === 'UND_ERR_ABORTED')) {
    return new HubgetError('ABORTED', 'The operation was aborted', { cause: error });
  }
  if (code !== undefined && /^E[A-Z]+$/.test(code) && isFsErrorLike(error)) {
    return new HubgetError('IO_ERROR', error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  // A plain bug (TypeError …) is not a network problem: retrying it only hides it.
  if (isProgrammingError(error)) return internalError(error);
  // Unknown errors from the HTTP stack (e.g. "other side closed", parser errors) are transient more often
  // than not; the consecutive-failure cap keeps this from looping.
  return new HubgetError('TRANSFER_FAILED', error instanceof Error ? error.message : String(error), {
    cause: error,
    retryable: true,
  });
}

function isFsErrorLike(error: unknown): boolean {
  return (
    typeof (error as { syscall?: unknown })?.syscall === 'string' &&
    ['open', 'write', 'read', 'ftruncate', 'fsync', 'close', 'rename'].includes(
      (error as { syscall: string }).syscall,
    )
  );
}
