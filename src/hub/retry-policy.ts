/**
 * hubget's one retry policy, for Hub API requests (hub-request.ts withRetry) and for range requests
 * (src/transfer's segmented fetch). Modelled on huggingface_hub's `http_backoff` (docs/hub-protocol.md §1.6)
 * and undici's RetryHandler:
 * - what is retried: network errors, timeouts, and the statuses of isRetryableStatus;
 * - how long to wait: what the server asks (`RateLimit: …;r=0;t=<s>` on a 429, else `Retry-After`, as
 *   seconds + 1 like Python, or an HTTP date; docs/hub-protocol.md §1.8), capped at maxServerDelayMs (or, with
 *   longServerDelay `give-up`, a longer wait ends the retries); otherwise
 *   exponential backoff from 1 s doubling to 8 s (Python's numbers) with full jitter (AWS architecture
 *   blog, "Exponential Backoff and Jitter"), so many connections failing together do not retry in lockstep;
 * - when to give up (givesUp, one rule for both): after 5 consecutive failures (a transfer resets the count
 *   when bytes arrive, §1.5), or `unreachableFailures` when the last one found the host unreachable
 *   (failuresAllowed), or, when the last one says the Hub or its CDN is out (isOutageFailure: no answer, or an
 *   answer that asks to retry) and the policy has an `outageBudgetMs`, once the failures without progress
 *   have lasted that long, whatever their count.
 */
import { hostForUrl } from '../bind-host.js';
import { errorCodeOf, type HubgetError } from '../errors.js';
import { type HeaderBag, headerValue } from './headers.js';
import { parseRateLimitReset } from './rate-limit.js';

export interface RetryPolicy {
  /** Consecutive failures (without progress) before giving up; for an API request, its attempts. */
  maxConsecutiveFailures: number;
  /**
   * The same, for a range request or a Hub API request, when the last failure found the host unreachable
   * (isUnreachableError: nothing answered, at once) and the policy has no outageBudgetMs: the calls a person
   * waits on give it one quick retry (INTERACTIVE_RETRY_POLICY); else it is maxConsecutiveFailures.
   */
  unreachableFailures: number;
  /**
   * How long failures that say the Hub or its CDN is out (isOutageFailure: nothing answered, the connection
   * broke or stalled, or an answer that asks to retry: 408, 429, 5xx) are retried without progress when the
   * last failure is one, whatever their count; 0: they are counted (unreachableFailures,
   * maxConsecutiveFailures). The server's jobs ride out an outage or a 5xx incident with it
   * (SERVER_JOB_RETRY_POLICY).
   */
  outageBudgetMs: number;
  /** Backoff ceiling of the first retry, doubled for each further one. */
  baseDelayMs: number;
  /** Highest backoff ceiling. */
  maxDelayMs: number;
  /** Longest server-requested wait honoured (a longer Retry-After is clamped, or ends the retries: below). */
  maxServerDelayMs: number;
  /**
   * A server-requested wait longer than maxServerDelayMs: `clamp` waits maxServerDelayMs and retries; `give-up`
   * ends the retries at once, so the caller can pass the answer and its wait on (the mirror: its client waits on
   * the call, and the client's own retry honours the wait, docs/mirror.md).
   */
  longServerDelay: 'clamp' | 'give-up';
  /** Multiplies every delay, server-requested ones included (tests use e.g. 0.01). */
  delayScale: number;
  /** Uniform [0, 1) source for jitter. */
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxConsecutiveFailures: 5,
  unreachableFailures: 5,
  outageBudgetMs: 0,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
  // The Hub's rate-limit windows are 5 minutes long (docs/hub-protocol.md §1.8).
  maxServerDelayMs: 300_000,
  longServerDelay: 'clamp',
  delayScale: 1,
  random: Math.random,
});

/** The policy with some fields overridden (options and tests pass partial policies). */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, ...overrides };
}

/**
 * huggingface_hub's list (408, 429, 500, 502, 503, 504) and the other 5xx that CDNs and proxies send for
 * transient trouble (520–524 and the like). 501 and 505 say the request itself cannot be served.
 */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 429) return true;
  return status >= 500 && status <= 599 && status !== 501 && status !== 505;
}

/** Transport failures worth another try: refused, reset, DNS, timeouts, sockets closed mid-body. */
const RETRYABLE_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
]);

/**
 * What the server's download jobs change: a job left running unattended rides out a network or Hub outage,
 * and a Hub or CDN answering 5xx or 429, for up to 5 minutes without a byte (backoff up to 8 s, or the
 * server's Retry-After), instead of failing after the five quick tries of the default policy (a CDN answering
 * 503 with Retry-After: 5 failed a job 24 s in). The CLI sets its own budget (src/cli/retry-for.ts). A time,
 * not a count: 40 tries of a refused host (the former rule) lasted about 2.5 min, more or less by the
 * backoff's jitter, and of two jobs through the same 2.5-minute outage one gave up and one did not.
 */
export const SERVER_JOB_RETRY_POLICY: Readonly<Partial<RetryPolicy>> = Object.freeze({
  outageBudgetMs: 5 * 60_000,
});

/**
 * The Hub calls a person waits on (the web UI's search, model pages and token check, a download's preview
 * and access check): an answer is final at once (a 429 reaches the user with its retry time rather than
 * hanging in the back-off); a host that does not answer at all (isUnreachableError: refused, not found, no
 * route) gets one quick retry, ≤ 250 ms later, and then fails. Before, a refused connection had the default
 * 5 tries (1 + 2 + 4 + 8 s of backoff at most): the web UI's search and model page answered 503 after 4–12 s
 * while the Hub was down. Downloads do not use it: they ride an outage out (SERVER_JOB_RETRY_POLICY).
 */
export const INTERACTIVE_RETRY_POLICY: Readonly<Partial<RetryPolicy>> = Object.freeze({
  maxConsecutiveFailures: 1,
  unreachableFailures: 2,
  outageBudgetMs: 0,
  baseDelayMs: 250,
  maxDelayMs: 250,
  maxServerDelayMs: 1000,
});

/**
 * One try, whatever the failure: a lookup that is asked again later anyway (the size of another program's download,
 * looked up again a minute after a failure). `{ maxConsecutiveFailures: 1 }` alone left a refused host 5 tries
 * (unreachableFailures), up to 15 s of backoff.
 */
export const ONE_TRY_RETRY_POLICY: Readonly<Partial<RetryPolicy>> = Object.freeze({
  maxConsecutiveFailures: 1,
  unreachableFailures: 1,
  outageBudgetMs: 0,
});

/** Failures in which nothing answered, at once: the host refused, was not found, or has no route. */
const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * True when `error` (or what it wraps) says the host could not be reached at all, at once. A connect timeout
 * is not counted: at 10 s each, unreachableFailures of them would last far longer than as many refusals.
 */
export function isUnreachableError(error: unknown): boolean {
  return unreachableHost(error) !== null;
}

/** A host nothing answered on: the system's code (ECONNREFUSED …) and the host, where the error names it. */
export interface UnreachableHost {
  code: string;
  /** `address:port` of a refused connect, the name a lookup failed for, or the host of the request's URL. */
  host: string | null;
}

/** What an unreachable error (isUnreachableError) says of the host, read from the error and what it wraps. */
export function unreachableHost(error: unknown): UnreachableHost | null {
  let code: string | undefined;
  let host: string | null = null;
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 5; depth++) {
    const found = errorCodeOf(current);
    if (code === undefined && found !== undefined && UNREACHABLE_CODES.has(found)) code = found;
    host ??= hostNamedBy(current);
    current = (current as { cause?: unknown } | null)?.cause;
  }
  return code === undefined ? null : { code, host };
}

/** `{ unreachable }` for an event about `error` when nothing answered, else nothing (the field is optional). */
export function unreachableOf(error: unknown): { unreachable?: UnreachableHost } {
  const unreachable = unreachableHost(error);
  return unreachable === null ? {} : { unreachable };
}

/** The host one error object names: a system error's address and port or hostname, a HubgetError's URL. */
function hostNamedBy(error: unknown): string | null {
  if (error === null || typeof error !== 'object') return null;
  const { address, port, hostname, details } = error as Record<string, unknown>;
  if (typeof address === 'string' && typeof port === 'number') return `${hostForUrl(address)}:${port}`;
  if (typeof hostname === 'string') return hostname;
  const url = (details as { url?: unknown } | undefined)?.url;
  if (typeof url !== 'string') return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/**
 * The consecutive failures allowed before giving up, judged by the last one (`error`): unreachableFailures when
 * nothing answered, else maxConsecutiveFailures (givesUp; an outage under outageBudgetMs goes by time).
 */
export function failuresAllowed(error: unknown, policy: RetryPolicy): number {
  return isUnreachableError(error) ? policy.unreachableFailures : policy.maxConsecutiveFailures;
}

/** An answer that asks to retry (isRetryableStatus). */
function isRetryableAnswer(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && isRetryableStatus(status);
}

/**
 * A failure without an answer: a transport failure (isRetryableNetworkError: refused, reset, timed out, DNS,
 * socket closed; in the error or what it wraps) or a connection that stalled (no byte within the stall timeout).
 */
function isNoAnswer(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 5; depth++) {
    if (errorCodeOf(current) === 'STALLED' || isRetryableNetworkError(current)) return true;
    current = (current as { cause?: unknown } | null)?.cause;
  }
  return false;
}

/**
 * A failure that says the Hub or its CDN is out, what outageBudgetMs is about: no answer (isNoAnswer) or an
 * answer that asks to retry (408, 429, 5xx).
 */
export function isOutageFailure(error: unknown): boolean {
  return isRetryableAnswer(error) || isNoAnswer(error);
}

/**
 * Consecutive failures without progress, and since when: what givesUp judges. `reset()` when bytes arrive.
 * `others` counts those of them that are not outage failures (isOutageFailure), which a policy with an outage
 * budget judges by their own count: five of them still fail a download however long an outage came before.
 */
export class FailureStreak {
  count = 0;
  others = 0;
  #sinceMs: number | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** One more failure, `error`; returns the count. */
  add(error: unknown): number {
    if (this.count === 0) this.#sinceMs = this.now();
    if (!isOutageFailure(error)) this.others += 1;
    return ++this.count;
  }

  reset(): void {
    this.count = 0;
    this.others = 0;
    this.#sinceMs = undefined;
  }

  /** How long the failures have lasted: from the first to now. */
  get forMs(): number {
    return this.#sinceMs === undefined ? 0 : this.now() - this.#sinceMs;
  }
}

/**
 * Whether to give up after `streak`'s failures, judged by the last one (`error`): an outage (isOutageFailure)
 * once they lasted outageBudgetMs (when the policy has one), else at failuresAllowed. The one rule of a range
 * request and of a Hub API request. Says why when it gives up ("after 41 failures over 300 s"), null while it
 * retries.
 */
export function givesUp(error: unknown, streak: FailureStreak, policy: RetryPolicy): string | null {
  const askedMs = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  if (
    policy.longServerDelay === 'give-up' &&
    typeof askedMs === 'number' &&
    askedMs > policy.maxServerDelayMs
  ) {
    return `the server asks to wait ${retryAfterSeconds(askedMs)} s`;
  }
  const limit = retryLimit(error, policy);
  if ('forMs' in limit) {
    const spentMs = streak.forMs;
    if (spentMs < limit.forMs) return null;
    return `after ${streak.count} failures over ${Math.round(spentMs / 1000)} s`;
  }
  // Under an outage budget the outage failures before it are not counted against another kind of failure.
  const counted = policy.outageBudgetMs > 0 ? streak.others : streak.count;
  return counted >= limit.failures ? `after ${streak.count} failures` : null;
}

/**
 * What ends the retries of failures like `error`, by givesUp's rule: a time without progress (`forMs`: an
 * outage, isOutageFailure, under a policy with an outageBudgetMs) or a count of failures (failuresAllowed).
 * The retry events carry it, so what tells a retry (the CLI's notices) says the limit the engine applies.
 */
export type RetryLimit = { forMs: number } | { failures: number };

export function retryLimit(error: unknown, policy: RetryPolicy): RetryLimit {
  if (policy.outageBudgetMs > 0 && isOutageFailure(error)) return { forMs: policy.outageBudgetMs };
  return { failures: failuresAllowed(error, policy) };
}

/** True when `error` is a transport failure the policy retries (not an HTTP answer). */
export function isRetryableNetworkError(error: unknown): boolean {
  const code = errorCodeOf(error);
  return code !== undefined && RETRYABLE_NETWORK_CODES.has(code);
}

/** Whether the policy retries this error: every HubgetError says so itself when it is created. */
export function isRetryable(error: unknown): error is HubgetError {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === true;
}

/** Full-jitter exponential backoff for the n-th consecutive failure (n ≥ 1). */
export function backoffDelayMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const ceilingMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(policy.random() * ceilingMs * policy.delayScale);
}

/** The wait before retrying after `error` on the n-th consecutive failure. */
export function retryDelayMs(
  error: Pick<HubgetError, 'retryAfterMs'>,
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): number {
  if (error.retryAfterMs !== undefined) {
    return Math.round(Math.min(error.retryAfterMs, policy.maxServerDelayMs) * policy.delayScale);
  }
  return backoffDelayMs(attempt, policy);
}

/**
 * A server-requested wait as the whole seconds of a `Retry-After` header passed on to a client (hubget's server
 * API and its mirror), rounded up.
 */
export function retryAfterSeconds(delayMs: number): number {
  return Math.ceil(delayMs / 1000);
}

/** `retry in 31 s` for a server-requested wait (retryAfterSeconds), `retry later` when none was asked. */
export function retryWhenWords(delayMs: number | undefined): string {
  return delayMs === undefined ? 'retry later' : `retry in ${retryAfterSeconds(delayMs)} s`;
}

/**
 * A message without the wait it says (`… rate-limited these requests (429 …): retry in 218 s` → `… (429 …)`): a
 * job's `retrying` and a retry's notice say the wait apart, counted down, in one wording
 * (src/format/retry-wait-words.ts), so the message does not say it a second time, frozen.
 */
export function withoutRetryWhen(message: string): string {
  return message.replace(/: retry (in \d+ s|later)\b/, '');
}

/**
 * Whether the try after waiting `delayMs` is the last one should it fail as `error` did (givesUp's rule, judged
 * when it fails): the failures without progress will have lasted the policy's time by then, or reach its count.
 * A wait the server asks can be longer than what is left of the time (a `429`'s 4 min under `--retry-for 1m`).
 */
export function nextTryIsLast(
  error: unknown,
  streak: FailureStreak,
  policy: RetryPolicy,
  delayMs: number,
): boolean {
  const limit = retryLimit(error, policy);
  if ('forMs' in limit) return streak.forMs + delayMs >= limit.forMs;
  const counted = policy.outageBudgetMs > 0 ? streak.others : streak.count;
  return counted + 1 >= limit.failures;
}

/** `Retry-After: <seconds>` (+ 1 s, as huggingface_hub) or `Retry-After: <HTTP-date>` (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return (Number(trimmed) + 1) * 1000;
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}

/**
 * The wait a response asks for, if any: on a 429 an exhausted RateLimit quota (`r=0;t=<s>`, + 1 s), else
 * Retry-After.
 */
export function serverDelayMs(status: number, headers: HeaderBag): number | undefined {
  if (status === 429) {
    const resetMs = parseRateLimitReset(headerValue(headers, 'ratelimit'));
    if (resetMs !== undefined) return resetMs;
  }
  return parseRetryAfter(headerValue(headers, 'retry-after'));
}
