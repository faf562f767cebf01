/**
 * The `retry` and `stall` events that tests build by hand (the CLI's reconnect notices and waits for the Hub, the
 * jobs' telemetry, the transfer's progress tracker): one builder for every retry, and one per kind the tests share,
 * so each test names only what it changes.
 */
import type { TransferEvent } from '../../../src/progress/index.js';

export type RetryEvent = Extract<TransferEvent, { type: 'retry' }>;
export type StallEvent = Extract<TransferEvent, { type: 'stall' }>;

/** A retry of `path` after `error`: the first try, at once, unless `more` says otherwise (and what else it sets). */
export const retryEvent = (
  path: string,
  error: RetryEvent['error'],
  more: Omit<Partial<RetryEvent>, 'type' | 'path' | 'error'> = {},
): RetryEvent => ({ type: 'retry', path, attempt: 1, delayMs: 0, error, ...more });

/** A dropped connection's retry of `path`, `delayMs` after. */
export const droppedRetry = (path: string, delayMs = 0, attempt = 1): RetryEvent =>
  retryEvent(
    path,
    { code: 'TRANSFER_FAILED', message: 'Network error (UND_ERR_SOCKET): other side closed' },
    { attempt, delayMs },
  );

/** A retry of `path` `delayMs` after an answer `status` (none: a failure without an answer) that asked to wait. */
export const waitRetry = (path: string, status: number | undefined, delayMs: number): RetryEvent =>
  retryEvent(
    path,
    { code: 'TRANSFER_FAILED', message: 'rate-limited', ...(status !== undefined && { status }) },
    { delayMs },
  );

/** A stalled connection of `path` (no byte for 35 s, or too slow). */
export const stallEvent = (path: string, reason: StallEvent['reason'] = 'no-data'): StallEvent => ({
  type: 'stall',
  path,
  rangeStart: 0,
  idleMs: 35_000,
  reason,
});

/** The retry that replaces a stalled connection of `path`, `delayMs` after. */
export const stallRetry = (path: string, delayMs = 700): RetryEvent =>
  retryEvent(path, { code: 'STALLED', message: 'No bytes arrived within the stall timeout' }, { delayMs });

/**
 * A `503` (or the `status` given) for `path`'s range: its backoff and whatever else the test sets (`attempt`,
 * `limit`); the error carries a status only when the test gives one.
 */
export const serverErrorRetry = (
  path: string,
  more: Omit<Partial<RetryEvent>, 'type' | 'path' | 'error'> & { status?: number },
): RetryEvent => {
  const { status, ...event } = more;
  return retryEvent(
    path,
    {
      code: 'HUB_HTTP_ERROR',
      message: `Server answered ${status ?? 503} for bytes=0-9`,
      ...(status === undefined ? {} : { status }),
    },
    { delayMs: 3000, ...event },
  );
};

/**
 * The CDN answered `429` for `path`'s first request, asking 217 s (+ 1 s, as huggingface_hub), with
 * `--retry-for` left at its minute: one last try after the wait.
 */
export const rateLimitedLastTry = (path: string): RetryEvent =>
  retryEvent(
    path,
    {
      code: 'RATE_LIMITED',
      message: 'The server rate-limited these requests (429 for bytes=0-2097151): retry in 218 s',
      status: 429,
    },
    { delayMs: 218_000, limit: { forMs: 60_000 }, lastTry: true },
  );
