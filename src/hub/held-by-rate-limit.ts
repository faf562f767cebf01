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
 * failure, or fails now with it: it waits when a `429` of its own with that wait would have it ask again once the wait
 * is over, by givesUp's rule (retry-policy.ts) — and then it asks once, where its own `429`s would each count against
 * the quota. A wait up to the longest the policy honours (`maxServerDelayMs` × `delayScale`) is waited whole: under a
 * time budget (`outageBudgetMs`) while some of it is left (its own `429` would be waited out, the try after it the
 * last), under a count (`maxConsecutiveFailures`) while a try is left after a `429` now (the interactive calls' one
 * try: the `429` reaches the person with its retry time at once, as it did). A longer wait is cut to that longest
 * (`clamp`), so its own `429`s would each meet the wait again: it waits when they would reach its end within what is
 * left of the budget, or of the count; with `give-up` such a wait ends the retries, as givesUp ends them.
 */
export function waitsOutHeld(held: HubgetError, streak: FailureStreak, policy: RetryPolicy): boolean {
  const leftMs = held.retryAfterMs ?? 0;
  if (policy.longServerDelay === 'give-up' && leftMs > policy.maxServerDelayMs) return false;
  const longestMs = Math.max(1, policy.maxServerDelayMs * policy.delayScale);
  const limit = retryLimit(held, policy);
  if ('forMs' in limit) {
    return leftMs <= longestMs ? streak.forMs < limit.forMs : streak.forMs + leftMs <= limit.forMs;
  }
  const counted = policy.outageBudgetMs > 0 ? streak.others : streak.count;
  // Each `429` of its own would wait the longest wait and meet the next, until the held wait is over.
  return counted + Math.ceil(leftMs / longestMs) < limit.failures;
}
