/**
 * The wait before the first byte, told: the listing (revision info and file tree) comes before the plan, and a
 * slow or unreachable Hub would otherwise leave the screen blank — for 6 s behind a slow first answer, for up
 * to 15 s of retries before `NETWORK_UNREACHABLE`. A listing that takes longer than LISTING_NOTICE_DELAY_MS
 * gets a `Listing org/name…` line, and each retry of a listing request a notice saying what went wrong and
 * when the next attempt goes. Fast listings print nothing.
 */
import type { HubgetError } from '../errors.js';
import { colonAfter, thenDoes } from '../format/path-punctuation.js';
import { budgetWords, spendsRetryBudget } from '../format/retry-limit-words.js';
import { lastTryWords } from '../format/retry-wait-words.js';
import { type RetryPolicy, retryLimit, withoutRetryWhen } from '../hub/retry-policy.js';
import { retryCause, retryWhen } from './renderers/retry-words.js';

/** A listing slower than this is announced. */
export const LISTING_NOTICE_DELAY_MS = 1000;

/** What a Hub call's onRetry hook receives (src/hub/hub-request.ts). */
export interface ListingRetry {
  /** The attempt that failed, from 1; 0 when none did (held by another request's `429`). */
  attempt: number;
  delayMs: number;
  error: HubgetError;
  /** The try after the wait is the last one if it fails too (src/hub/retry-policy.ts nextTryIsLast). */
  lastTry?: boolean;
}

/** `Listing org/name…`, `Listing org/name@v1.0…`. */
function listingLine(repoId: string, revision: string | undefined): string {
  return `Listing ${repoId}${revision === undefined ? '' : `@${revision}`}…`;
}

/**
 * `Notice: listing org/name — server unreachable; attempt 2 of 5 in 2 s (Cannot reach …)`; a retry for the
 * same reason as the one before says `still` instead of the message again. The limit is the one the listing's
 * requests retry under (`policy`, retryLimit: givesUp's rule): a count of attempts, or under a time budget
 * (`--retry-for`) `retrying in 2 s, for up to 5 min`, a `still` line saying how long the failures have lasted
 * (`sinceMs`: the first failure of this request).
 */
function listingRetryLine(
  repoId: string,
  policy: RetryPolicy,
  retry: ListingRetry,
  sinceMs: number,
  previous?: ListingRetry,
): string {
  const limit = retryLimit(retry.error, policy);
  const cause = retryCause(retry.error.code);
  // The id, whole to a double-click: a dash after it, not a colon (path-punctuation.ts).
  const head = (rest: string) => colonAfter(`Notice: listing ${repoId}`, rest);
  // The wait is said once, in `when` (a 429's message says it too: "retry in 218 s").
  const message = withoutRetryWhen(retry.error.message);
  const still = previous !== undefined && withoutRetryWhen(previous.error.message) === message;
  if ('forMs' in limit) {
    // A wait the server asked that outlasts the budget is followed by one try, not "for up to 1 min".
    const when = retry.lastTry
      ? `retrying ${retryWhen(retry.delayMs)}, ${lastTryWords(limit.forMs)}`
      : `retrying ${retryWhen(retry.delayMs)}${spendsRetryBudget(retry.attempt) ? `, for up to ${budgetWords(limit.forMs)}` : ''}`;
    if (still) return head(thenDoes(`still ${cause} after ${budgetWords(Date.now() - sinceMs)}`, when));
    return head(thenDoes(cause, `${when} (${message})`));
  }
  const when = `attempt ${retry.attempt + 1} of ${limit.failures} ${retryWhen(retry.delayMs)}`;
  if (still) return head(thenDoes(`still ${cause}`, when));
  return head(thenDoes(cause, `${when} (${message})`));
}

export interface ListingNotices {
  /** For the Hub calls of the listing: `{ retry: { onRetry } }`. */
  onRetry(retry: ListingRetry): void;
  /** The listing is over (plan known, failure, interruption): nothing more is said about it. */
  done(): void;
}

/**
 * Says `listingLine` through `say` once the listing has taken LISTING_NOTICE_DELAY_MS, and each retry of its
 * requests, which follow `policy` (the policy the command gives its Hub calls).
 */
export function startListingNotices(
  say: (line: string) => void,
  repoId: string,
  revision: string | undefined,
  policy: RetryPolicy,
  delayMs: number = LISTING_NOTICE_DELAY_MS,
): ListingNotices {
  let over = false;
  let announced = false;
  let previous: ListingRetry | undefined;
  /** When the failures of the request now retried began (its first retry is told right after its first failure). */
  let sinceMs = Date.now();
  const announce = (): void => {
    if (announced) return;
    announced = true;
    clearTimeout(timer);
    say(listingLine(repoId, revision));
  };
  const timer = setTimeout(announce, delayMs);
  timer.unref();
  return {
    onRetry(retry) {
      if (over) return;
      announce();
      if (retry.attempt === 1) sinceMs = Date.now();
      say(listingRetryLine(repoId, policy, retry, sinceMs, previous));
      previous = retry;
    },
    done() {
      over = true;
      clearTimeout(timer);
    },
  };
}
