/**
 * One Hub API request with hubget's headers, offline refusal, error mapping and hubget's one retry policy
 * (retry-policy.ts, docs/hub-protocol.md §1.6), the same the transfer's range requests follow.
 */
import { setTimeout as sleepTimer } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { HubgetError } from '../errors.js';
import { heldByRateLimitError, isHeldByRateLimit, waitsOutHeld } from './held-by-rate-limit.js';
import { authorizationFor, httpDispatcher, urlTarget } from './http.js';
import { type HubErrorContext, hubErrorFromResponse, networkError } from './hub-errors.js';
import type { RequestQuota } from './request-quota.js';
import {
  FailureStreak,
  givesUp,
  isRetryable,
  isRetryableNetworkError,
  nextTryIsLast,
  type RetryPolicy,
  retryDelayMs,
  retryPolicy,
} from './retry-policy.js';
import type { HubConfig } from './types.js';
import { redactUrl } from './urls.js';

/** The retry policy's fields to override (DEFAULT_RETRY_POLICY otherwise), and hooks. */
export interface RetryOptions extends Partial<RetryPolicy> {
  /** Injected sleep (tests). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called before each retry (logging). */
  onRetry?: (info: {
    attempt: number;
    delayMs: number;
    error: HubgetError;
    /** The try after the wait is the last one if it fails as this one did (nextTryIsLast). */
    lastTry: boolean;
    /** Nothing was sent: another request's `429` holds the call's quota (`attempt`: its failures so far). */
    held?: true;
  }) => void;
}

/**
 * The Hub settings of a call: fixed, or read at each attempt (a running job's listing follows a changed
 * endpoint or token on its next retry, as its file requests do).
 */
export type HubSource = HubConfig | (() => HubConfig);

/** The settings `hub` stands for now. */
export function hubNow(hub: HubSource): HubConfig {
  return typeof hub === 'function' ? hub() : hub;
}

/** Options every Hub call accepts. */
export interface HubCallOptions {
  /** Default: the shared proxy-aware dispatcher (src/hub/http.ts). */
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
  retry?: RetryOptions;
  /** Asked before each request goes out, told of each `429` (request-quota.ts); default none. */
  quota?: RequestQuota;
}

export interface HubRequestOptions extends HubCallOptions {
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** What the request is about, for error messages. */
  context?: Omit<HubErrorContext, 'url' | 'method' | 'endpoint' | 'tokenSent' | 'tokenFrom'>;
}

export interface HubResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Body text ('' for HEAD and redirects). */
  text: string;
  url: string;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  sleepTimer(ms, undefined, signal ? { signal } : undefined).then(() => undefined);

/** Refuse network access in offline mode (HF_HUB_OFFLINE, docs/hub-protocol.md §1.2). */
export function assertOnline(hub: HubConfig, url: string): void {
  if (hub.offline) {
    throw new HubgetError(
      'OFFLINE_MODE',
      `Offline mode (HF_HUB_OFFLINE) forbids contacting ${redactUrl(url)}; unset HF_HUB_OFFLINE to reach the Hub`,
    );
  }
}

/** Request headers for `url`: user agent, and the token only when `url` is on the endpoint's host. */
export function hubHeaders(
  hub: HubConfig,
  url: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'user-agent': hub.userAgent ?? 'hubget',
    ...authorizationFor(url, hub.endpoint, hub.token),
    ...extra,
  };
}

/** One attempt: any status < 400 is returned (3xx included, never followed); ≥ 400 throws. */
async function attempt(hub: HubConfig, url: string, options: HubRequestOptions): Promise<HubResponse> {
  options.quota?.check(url, hub);
  const method = options.method ?? 'GET';
  const headers = hubHeaders(hub, url, options.headers);
  let response: Dispatcher.ResponseData;
  try {
    response = await (options.dispatcher ?? httpDispatcher()).request({
      ...urlTarget(url),
      method,
      headers,
      body: options.body,
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted)
      throw new HubgetError('ABORTED', 'The operation was aborted', { cause: error });
    if (isRetryableNetworkError(error)) throw networkError(error, url);
    throw new HubgetError('HUB_HTTP_ERROR', `Request to ${redactUrl(url)} failed: ${String(error)}`, {
      cause: error,
    });
  }
  let text = '';
  try {
    if (method === 'HEAD') await response.body.dump();
    else text = await response.body.text();
  } catch (error) {
    if (isRetryableNetworkError(error)) throw networkError(error, url);
    throw error;
  }
  if (response.statusCode >= 400) {
    const error = hubErrorFromResponse(
      { status: response.statusCode, headers: response.headers, bodyText: text },
      {
        ...options.context,
        url,
        method,
        endpoint: hub.endpoint,
        tokenSent: headers.authorization !== undefined,
        ...(hub.tokenFrom !== undefined && { tokenFrom: hub.tokenFrom }),
      },
    );
    if (response.statusCode === 429 && error.retryAfterMs !== undefined)
      options.quota?.limited(url, hub, error.retryAfterMs);
    throw error;
  }
  return { status: response.statusCode, headers: response.headers, text, url };
}

/**
 * Run `operation` under the retry policy: up to maxConsecutiveFailures attempts, unreachableFailures while
 * the host does not answer at all, or, with an outageBudgetMs, for that long while the Hub is out (no answer,
 * or answers that ask to retry: givesUp, the range requests' rule).
 */
export async function withRetry<T>(operation: () => Promise<T>, options: HubCallOptions = {}): Promise<T> {
  const { sleep = defaultSleep, onRetry, ...overrides } = options.retry ?? {};
  const policy = retryPolicy(overrides);
  const failures = new FailureStreak();
  for (;;) {
    try {
      return await operation();
    } catch (error) {
      if (!isRetryable(error) || options.signal?.aborted) throw error;
      if (isHeldByRateLimit(error)) {
        // Another request's `429` holds the quota: waited out, no failure, if a `429` of its own would be.
        if (!waitsOutHeld(error, failures, policy)) throw error;
        const heldMs = error.retryAfterMs;
        // One that never failed starts no time without progress: its wait makes no try the last.
        const lastTry = nextTryIsLast(error, failures, policy, failures.count === 0 ? 0 : heldMs);
        onRetry?.({ attempt: failures.count, delayMs: heldMs, error, lastTry, held: true });
        await sleepOrAbort(sleep, heldMs, options.signal);
        continue;
      }
      const attemptNumber = failures.add(error);
      if (givesUp(error, failures, policy) !== null) throw error;
      const waitMs = retryDelayMs(error, attemptNumber, policy);
      onRetry?.({
        attempt: attemptNumber,
        delayMs: waitMs,
        error,
        lastTry: nextTryIsLast(error, failures, policy, waitMs),
      });
      await sleepOrAbort(sleep, waitMs, options.signal);
    }
  }
}

/** A retry's wait, ABORTED when the signal stops it. */
async function sleepOrAbort(
  sleep: NonNullable<RetryOptions['sleep']>,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  try {
    await sleep(ms, signal);
  } catch (sleepError) {
    throw new HubgetError('ABORTED', 'The operation was aborted', { cause: sleepError });
  }
}

/**
 * A Hub request with retries. Returns the last response (< 400), throws a HubgetError otherwise. Each attempt
 * reads `hub` (a HubSource) and builds `url` from the settings it read, when `url` is a function of them.
 */
export function hubRequest(
  hub: HubSource,
  url: string | ((hub: HubConfig) => string),
  options: HubRequestOptions = {},
): Promise<HubResponse> {
  const once = () => {
    const now = hubNow(hub);
    const target = typeof url === 'function' ? url(now) : url;
    assertOnline(now, target);
    // A wait a `429` asked of its quota still lasts (another request's): nothing is sent, withRetry waits it out.
    const heldMs = options.quota?.heldMs?.(target, now);
    if (heldMs !== undefined) throw heldByRateLimitError(heldMs, target);
    return attempt(now, target, options);
  };
  return withRetry(once, options);
}

/** GET/POST JSON. */
export async function hubJson<T>(
  hub: HubSource,
  url: string | ((hub: HubConfig) => string),
  options: HubRequestOptions = {},
): Promise<{ data: T; response: HubResponse }> {
  const response = await hubRequest(hub, url, {
    ...options,
    headers: { accept: 'application/json', ...options.headers },
  });
  try {
    return { data: JSON.parse(response.text) as T, response };
  } catch (error) {
    throw new HubgetError(
      'HUB_HTTP_ERROR',
      `${redactUrl(response.url)} answered ${response.status} with a body that is not JSON (is HF_ENDPOINT a Hub?)`,
      { cause: error, status: response.status },
    );
  }
}
