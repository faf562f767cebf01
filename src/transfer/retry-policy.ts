/**
 * When and how long to wait before re-issuing a range request.
 * Modelled on undici's RetryHandler and huggingface_hub's `http_backoff` (hf-protocol.md §1.6): retry network
 * errors, timeouts, 408/429/5xx; honour `Retry-After` (seconds or HTTP date) and `RateLimit: …;r=0;t=<s>`
 * (hf-protocol.md §1.8). Backoff is exponential with full jitter (AWS architecture blog, "Exponential Backoff
 * and Jitter") so many connections failing together do not retry in lockstep. Python gives up after 5
 * consecutive failures without new data (§1.5); so do we by default, and the counter resets when bytes arrive.
 */
import { HubgetError, toHubgetError } from '../errors.js';
import { parseRateLimitReset } from '../hub/rate-limit.js';

export interface RetryPolicy {
  /** Consecutive failures without progress before giving up. Default 5. */
  maxConsecutiveFailures: number;
  /** First backoff ceiling. Default 500 ms. */
  baseDelayMs: number;
  /** Backoff ceiling. Default 15 000 ms. */
  maxDelayMs: number;
  /** Longest server-requested wait honoured (Retry-After beyond it is clamped). Default 120 000 ms. */
  maxServerDelayMs: number;
  /** Multiplies every delay, server-requested ones included (tests use e.g. 0.01). Default 1. */
  delayScale: number;
  /** Uniform [0, 1) source for jitter. Default Math.random. */
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxConsecutiveFailures: 5,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  maxServerDelayMs: 120_000,
  delayScale: 1,
  random: Math.random,
};

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status) || (status >= 500 && status <= 599);
}

/** Full-jitter exponential backoff for the n-th consecutive failure (n ≥ 1). */
export function backoffDelayMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const ceilingMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(policy.random() * ceilingMs * policy.delayScale);
}

/** The wait before retrying after `error` on the n-th consecutive failure. */
export function retryDelayMs(
  error: HubgetError,
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
) {
  if (error.retryAfterMs !== undefined) {
    return Math.round(Math.min(error.retryAfterMs, policy.maxServerDelayMs) * policy.delayScale);
  }
  return backoffDelayMs(attempt, policy);
}

/** `Retry-After: <seconds>` or `Retry-After: <HTTP-date>` (RFC 9110 §10.2.3) → milliseconds. */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}

/** Server-requested wait from a response's headers, if any. */
export function serverDelayMs(headers: Record<string, string | string[] | undefined>): number | undefined {
  const rateLimit = parseRateLimitReset(headerValue(headers.ratelimit));
  if (rateLimit !== undefined) return rateLimit;
  return parseRetryAfter(headerValue(headers['retry-after']));
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const RETRYABLE_NETWORK_CODES = new Set([
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
 * Any failure of one range request as a HubgetError whose `retryable` tells the transfer what to do.
 * Network-level errors (undici codes, socket errno) are retryable; disk errors and aborts are not.
 */
export function classifyTransferError(error: unknown): HubgetError {
  if (error instanceof HubgetError) return error;
  const code = findErrorCode(error);
  if (code === 'ENOSPC') return toHubgetError(error);
  if (code !== undefined && RETRYABLE_NETWORK_CODES.has(code)) {
    const message = error instanceof Error ? error.message : String(error);
    return new HubgetError('TRANSFER_FAILED', `Network error (${code}): ${message}`, {
      cause: error,
      retryable: true,
    });
  }
  if (error instanceof Error && (error.name === 'AbortError' || code === 'UND_ERR_ABORTED')) {
    return new HubgetError('ABORTED', 'The operation was aborted', { cause: error });
  }
  if (code !== undefined && /^E[A-Z]+$/.test(code) && isFsErrorLike(error)) {
    return new HubgetError('IO_ERROR', error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  // Unknown errors from the HTTP stack (e.g. "other side closed", parser errors) are transient more often
  // than not; the consecutive-failure cap keeps this from looping.
  return new HubgetError('TRANSFER_FAILED', error instanceof Error ? error.message : String(error), {
    cause: error,
    retryable: true,
  });
}

function findErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isFsErrorLike(error: unknown): boolean {
  return (
    typeof (error as { syscall?: unknown })?.syscall === 'string' &&
    ['open', 'write', 'read', 'ftruncate', 'fsync', 'close', 'rename'].includes(
      (error as { syscall: string }).syscall,
    )
  );
}
