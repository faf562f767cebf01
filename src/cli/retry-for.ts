/**
 * `hubget download --retry-for DURATION`: how long the download rides out an outage (no answer, or answers that
 * ask to retry: 408, 429, 5xx) without progress before giving up, the retry policy's outageBudgetMs
 * (src/hub/retry-policy.ts) for the listing's Hub calls and for the range requests. One rule for the value,
 * one place that turns it into the policies. Reference: docs/cli-retry-for.md.
 */
import { InvalidArgumentError } from 'commander';
import type { RetryPolicy } from '../hub/retry-policy.js';

/** The longest budget: a day. A longer one is more likely a slip of the unit (`--retry-for 86400m`). */
export const MAX_RETRY_FOR_MS = 24 * 3_600_000;

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000 };

/** The accepted forms, worded once for the usage error and the help. */
export const RETRY_FOR_FORMS = 'seconds, or a whole number with s, m or h (90, 30s, 5m, 1h), from 0 to 24h';

/** `--retry-for`: `90`, `30s`, `5m`, `1h` (whole numbers, 0 to MAX_RETRY_FOR_MS), in milliseconds; else a usage error. */
export function parseRetryFor(text: string): number {
  const match = /^\s*(\d+)\s*([smh]?)\s*$/i.exec(text);
  const unitMs = UNIT_MS[(match?.[2] || 's').toLowerCase()] ?? Number.NaN;
  const ms = match === null ? Number.NaN : Number(match[1]) * unitMs;
  if (!(ms <= MAX_RETRY_FOR_MS)) throw new InvalidArgumentError(`expected ${RETRY_FOR_FORMS}.`);
  return ms;
}

/** The policy fields the command gives its Hub calls (listing, `:QUANT` lookup, access check) and its ranges. */
export interface CliRetryPolicies {
  listing: Partial<RetryPolicy>;
  transfer: Partial<RetryPolicy>;
}

/**
 * The transfer's budget when `--retry-for` is not given: a minute. Once bytes flow a run has something at stake
 * and its user has often walked away, and a short incident (a CDN answering 503 for 12 s, a Wi-Fi drop, a Hub
 * restart) ended it after 5 tries; a minute rides those out and still ends a real outage within one. The listing
 * keeps its 5 tries meanwhile (docs/cli-retry-for.md: why).
 */
export const DEFAULT_TRANSFER_RETRY_FOR_MS = 60_000;

/**
 * The policies for `--retry-for` (milliseconds; undefined when not given): given, the budget of the listing and
 * the transfer alike, 0 none (every failure counted: 5 tries, as huggingface_hub); not given, the transfer's
 * default (DEFAULT_TRANSFER_RETRY_FOR_MS) and none for the listing.
 */
export function cliRetryPolicies(retryForMs: number | undefined): CliRetryPolicies {
  if (retryForMs === undefined) {
    return { listing: { outageBudgetMs: 0 }, transfer: { outageBudgetMs: DEFAULT_TRANSFER_RETRY_FOR_MS } };
  }
  const budget = { outageBudgetMs: retryForMs };
  return { listing: budget, transfer: budget };
}
