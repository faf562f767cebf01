/**
 * The wait before the first byte, told: the listing (revision info and file tree) comes before the plan, and a
 * slow or unreachable Hub would otherwise leave the screen blank — for 6 s behind a slow first answer, for up
 * to 15 s of retries before `NETWORK_UNREACHABLE`. A listing that takes longer than LISTING_NOTICE_DELAY_MS
 * gets a `Listing org/name…` line, and each retry of a listing request a notice saying what went wrong and
 * when the next attempt goes. Fast listings print nothing.
 */
import type { HubgetError } from '../errors.js';
import { DEFAULT_RETRY_POLICY, failuresAllowed } from '../hub/retry-policy.js';
import { retryCause, retryWhen } from './renderers/retry-words.js';

/** A listing slower than this is announced. */
export const LISTING_NOTICE_DELAY_MS = 1000;

/** What a Hub call's onRetry hook receives (src/hub/hub-request.ts). */
export interface ListingRetry {
  /** The attempt that failed, from 1. */
  attempt: number;
  delayMs: number;
  error: HubgetError;
}

/** `Listing org/name…`, `Listing org/name@v1.0…`. */
function listingLine(repoId: string, revision: string | undefined): string {
  return `Listing ${repoId}${revision === undefined ? '' : `@${revision}`}…`;
}

/**
 * `Notice: listing org/name: server unreachable - attempt 2 of 5 in 2 s (Cannot reach …)`; a retry for the
 * same reason as the one before says `still` instead of the message again. The API's requests follow
 * hubget's retry policy with its default attempts (the CLI does not tune them): failuresAllowed's count.
 */
function listingRetryLine(repoId: string, retry: ListingRetry, previous?: ListingRetry): string {
  const next = `attempt ${retry.attempt + 1} of ${failuresAllowed(retry.error, DEFAULT_RETRY_POLICY)}`;
  const cause = retryCause(retry.error.code);
  const head = `Notice: listing ${repoId}:`;
  const when = `${next} ${retryWhen(retry.delayMs)}`;
  if (previous?.error.message === retry.error.message) return `${head} still ${cause} - ${when}`;
  return `${head} ${cause} - ${when} (${retry.error.message})`;
}

export interface ListingNotices {
  /** For the Hub calls of the listing: `{ retry: { onRetry } }`. */
  onRetry(retry: ListingRetry): void;
  /** The listing is over (plan known, failure, interruption): nothing more is said about it. */
  done(): void;
}

/** Says `listingLine` through `say` once the listing has taken LISTING_NOTICE_DELAY_MS, and each retry. */
export function startListingNotices(
  say: (line: string) => void,
  repoId: string,
  revision: string | undefined,
  delayMs: number = LISTING_NOTICE_DELAY_MS,
): ListingNotices {
  let over = false;
  let announced = false;
  let previous: ListingRetry | undefined;
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
      say(listingRetryLine(repoId, retry, previous));
      previous = retry;
    },
    done() {
      over = true;
      clearTimeout(timer);
    },
  };
}
