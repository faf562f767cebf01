/**
 * A request held back by another request's `429`: a wait the Hub asked of its quota (src/hub/rate-limit-windows.ts,
 * rateLimitScopeOf: endpoint, bucket, token) still lasts, so it waits instead of asking and getting a `429` of its
 * own, which the Hub would count too (docs/hub-protocol.md §1.8, docs/transfer-faults.md "A 429 holds its whole
 * quota"). One error for what a held request says (a range request's, src/transfer/segment-retries.ts, and a Hub
 * API call's, hub-request.ts), and the rule of whether a Hub API call waits the wait out or fails now.
 */
import { HubgetError } from '../errors.js';
import { type FailureStreak, type RetryPolicy, retryLimit, retryWhenWords } from './retry-policy.js';
import { redactUrl } from './urls.js';

const heldErrors = new WeakSet<HubgetError>();

/**
 * What a request to `url` held back by another one's `429` says (its `retry` event's error): the rate limit, as
 * that `429` says it (src/transfer/fetch-range.ts), with what is left of the wait: the faces say it as the `429` wait
 * it is, and a hubget mirror keeps it as the wait of its own quota, as it keeps that `429`'s (the `url`, redacted).
 */
export function heldByRateLimitError(leftMs: number, url: string): HubgetError {
  const error = new HubgetError(
    'RATE_LIMITED',
    `The server rate-limited these requests (429 to another request with this token): ${retryWhenWords(leftMs)}`,
    { status: 429, retryable: true, retryAfterMs: leftMs, details: { url: redactUrl(url) } },
  );
  heldErrors.add(error);
  return error;
}

/** True for the error of a request held back, which sent nothing (heldByRateLimitError). */
export function isHeldByRateLimit(error: unknown): error is HubgetError & { retryAfterMs: number } {
  return error instanceof HubgetError && heldErrors.has(error);
}

/**
 * Whether a Hub API call held by another request's `429` (`held`, its wait `retryAfterMs`) waits it out, which is no
 * failure, or fails now with it: it waits what it would wait for a `429` of its own with that wait and then retry
 * (retry-policy.ts, givesUp's rule), and no longer. Not when the wait is longer than the longest server wait the
 * policy honours (`maxServerDelayMs`, times `delayScale`: the calls a person waits on honour 1 s), nor when its retries
 * would be over by then: under a time budget (`outageBudgetMs`) the wait outlasts what is left of it; under a count
 * (`maxConsecutiveFailures`) a `429` of its own now would be its last try (the interactive calls' one try: the `429`
 * reaches the person with its retry time at once, as it did).
 */
export function waitsOutHeld(held: HubgetError, streak: FailureStreak, policy: RetryPolicy): boolean {
  const leftMs = held.retryAfterMs ?? 0;
  if (leftMs > policy.maxServerDelayMs * policy.delayScale) return false;
  const limit = retryLimit(held, policy);
  if ('forMs' in limit) return streak.forMs + leftMs <= limit.forMs;
  const counted = policy.outageBudgetMs > 0 ? streak.others : streak.count;
  return counted + 1 < limit.failures;
}
