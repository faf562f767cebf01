/** A retry told in words (the reconnect notices of a transfer, the retries of the listing): what went wrong, and when. */
import type { ErrorCode } from '../../errors.js';
import { formatDuration } from '../../format/units.js';

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
