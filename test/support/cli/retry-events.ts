/**
 * The `retry` and `stall` events the CLI's renderer tests build by hand (reconnect notices, the log lines' and
 * the bars' waits for the Hub): one builder per kind, so each test names only what it changes.
 */
import type { TransferEvent } from '../../../src/progress/index.js';

export type RetryEvent = Extract<TransferEvent, { type: 'retry' }>;

/** A dropped connection's retry of `path`, `delayMs` after. */
export const droppedRetry = (path: string, delayMs = 0, attempt = 1): RetryEvent => ({
  type: 'retry',
  path,
  attempt,
  delayMs,
  error: { code: 'TRANSFER_FAILED', message: 'Network error (UND_ERR_SOCKET): other side closed' },
});

/** A stalled connection of `path` (no byte for 35 s, or too slow). */
export const stallEvent = (
  path: string,
  reason: 'no-data' | 'slow-connection' = 'no-data',
): TransferEvent => ({
  type: 'stall',
  path,
  rangeStart: 0,
  idleMs: 35_000,
  reason,
});

/** The retry that replaces a stalled connection of `path`. */
export const stallRetry = (path: string): RetryEvent => ({
  type: 'retry',
  path,
  attempt: 1,
  delayMs: 700,
  error: { code: 'STALLED', message: 'No bytes arrived within the stall timeout' },
});

/** A `503` for `path`'s range: its backoff and whatever else the test sets (`limit`, the error's `status`). */
export const serverErrorRetry = (
  path: string,
  more: Omit<Partial<RetryEvent>, 'type' | 'path' | 'error'> & { status?: number },
): RetryEvent => {
  const { status, ...event } = more;
  return {
    type: 'retry',
    path,
    attempt: 1,
    delayMs: 3000,
    error: {
      code: 'HUB_HTTP_ERROR',
      message: 'Server answered 503 for bytes=0-9',
      ...(status === undefined ? {} : { status }),
    },
    ...event,
  };
};

/**
 * The CDN answered `429` for `path`'s first request, asking 217 s (+ 1 s, as huggingface_hub), with
 * `--retry-for` left at its minute: one last try after the wait.
 */
export const rateLimitedLastTry = (path: string): RetryEvent => ({
  type: 'retry',
  path,
  attempt: 1,
  delayMs: 218_000,
  error: {
    code: 'RATE_LIMITED',
    message: 'The server rate-limited these requests (429 for bytes=0-2097151): retry in 218 s',
    status: 429,
  },
  limit: { forMs: 60_000 },
  lastTry: true,
});
