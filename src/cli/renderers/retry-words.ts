/** A retry told in words (the reconnect notices of a transfer, the retries of the listing): what went wrong, and when. */
import type { ErrorCode } from '../../errors.js';
import { formatDuration } from '../../format/units.js';
import type { RetryLimit } from '../../hub/retry-policy.js';

/** What went wrong, by the error's code (the message follows in parentheses where it is printed). */
const RETRY_CAUSES: Partial<Record<ErrorCode, string>> = {
  TRANSFER_FAILED: 'connection dropped',
  HUB_HTTP_ERROR: 'server error',
  RATE_LIMITED: 'rate-limited by the server',
  NETWORK_UNREACHABLE: 'server unreachable',
  RANGE_MISMATCH: 'server sent the wrong bytes',
};

/** A retry sooner than this is "now". */
const IMMEDIATE_MS = 500;

export function retryCause(code: ErrorCode): string {
  return RETRY_CAUSES[code] ?? 'request failed';
}

/** `now`, `in 2 s`. */
export function retryWhen(delayMs: number): string {
  return delayMs < IMMEDIATE_MS ? 'now' : `in ${formatDuration(delayMs / 1000)}`;
}

/** A time budget in words, without the zero parts: `90 s`, `1 min`, `1 min 30 s`, `5 min`, `1 h`. */
export function budgetWords(ms: number): string {
  return formatDuration(ms / 1000).replace(/ 00 (s|min)$/, '');
}

/** `, for up to 5 min without progress` when the retries go on for a time (RetryLimit `forMs`), else ''. */
export function retryForWords(limit: RetryLimit | undefined): string {
  return limit !== undefined && 'forMs' in limit
    ? `, for up to ${budgetWords(limit.forMs)} without progress`
    : '';
}
