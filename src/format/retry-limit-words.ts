/**
 * A retry limit (src/hub/retry-policy.ts RetryLimit) in words, one wording for the CLI's notices and the web UI's
 * warning line: how long an outage is ridden out (`, for up to 5 min without progress`), or which try of how many.
 */
import type { RetryLimit } from '../hub/retry-policy.js';
import { formatDuration } from './units.js';

/** A time budget in words, without the zero parts: `90 s`, `1 min`, `1 min 30 s`, `5 min`, `1 h`. */
export function budgetWords(ms: number): string {
  return formatDuration(ms / 1000).replace(/ 00 (s|min)$/, '');
}

/**
 * Whether a wait spends the retry budget: not one no failed try came before (`attempt` 0: a request held by another
 * request's `429`, src/transfer/host-rate-limit.ts), whose held time is no time without progress; the budget starts
 * only if its try fails. The notices that name a budget ask this.
 */
export function spendsRetryBudget(attempt: number): boolean {
  return attempt > 0;
}

/**
 * `, for up to 5 min without progress` when the retries go on for a time (RetryLimit `forMs`), else ''; nor after a
 * wait that spends no budget (spendsRetryBudget).
 */
export function retryForWords(limit: RetryLimit | null | undefined, attempt: number): string {
  if (!spendsRetryBudget(attempt)) return '';
  return limit != null && 'forMs' in limit ? `, for up to ${budgetWords(limit.forMs)} without progress` : '';
}

/**
 * The next try after `attempt` failed ones: `try 8 of 40` under a count of failures (the last try is the
 * count's), else `try 8`; a count already passed (failures of another kind counted apart under a time budget)
 * is not claimed.
 */
export function nextTryWords(attempt: number, limit: RetryLimit | null | undefined): string {
  const next = attempt + 1;
  return limit != null && 'failures' in limit && next <= limit.failures
    ? `try ${next} of ${limit.failures}`
    : `try ${next}`;
}
