import { describe, expect, it } from 'vitest';
import { HubgetError } from '../errors.js';
import { parseRateLimitReset } from './rate-limit.js';
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  FailureStreak,
  failuresAllowed,
  givesUp,
  isRetryable,
  isRetryableNetworkError,
  isRetryableStatus,
  isUnreachableError,
  ONE_TRY_RETRY_POLICY,
  parseRetryAfter,
  retryDelayMs,
  retryLimit,
  retryPolicy,
  SERVER_JOB_RETRY_POLICY,
  serverDelayMs,
  unreachableHost,
} from './retry-policy.js';

describe('the one retry policy', () => {
  it('backs off from 1 s doubling to 8 s, with full jitter', () => {
    const policy = retryPolicy({ random: () => 0.999999 });
    expect(backoffDelayMs(1, policy)).toBe(1000);
    expect(backoffDelayMs(3, policy)).toBe(4000);
    expect(backoffDelayMs(20, policy)).toBe(8000);
    expect(backoffDelayMs(3, { ...policy, random: () => 0 })).toBe(0);
    expect(backoffDelayMs(3, { ...policy, delayScale: 0.1 })).toBe(400);
  });

  it('retries 408, 429 and transient 5xx, nothing else', () => {
    for (const status of [408, 429, 500, 502, 503, 504, 520, 524])
      expect(isRetryableStatus(status)).toBe(true);
    for (const status of [400, 401, 403, 404, 410, 416, 501, 505])
      expect(isRetryableStatus(status)).toBe(false);
  });

  it('retries transport failures, also when undici wraps them', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(isRetryableNetworkError(reset)).toBe(true);
    expect(isRetryableNetworkError(new TypeError('fetch failed', { cause: reset }))).toBe(true);
    expect(isRetryableNetworkError(new TypeError('x is not a function'))).toBe(false);
    expect(isRetryableNetworkError(Object.assign(new Error('no space'), { code: 'ENOSPC' }))).toBe(false);
  });

  it('retries an error that says it is retryable, never a plain bug', () => {
    expect(isRetryable(new HubgetError('NETWORK_UNREACHABLE', 'down', { retryable: true }))).toBe(true);
    expect(isRetryable(new HubgetError('REPO_NOT_FOUND', 'no'))).toBe(false);
    expect(isRetryable(new TypeError('bug'))).toBe(false);
  });

  it('parses Retry-After as seconds (+ 1 s, as huggingface_hub) or an HTTP date', () => {
    expect(parseRetryAfter('7')).toBe(8000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('honours RateLimit on a 429 when the quota is exhausted, else Retry-After', () => {
    expect(parseRateLimitReset('"api";r=0;t=55')).toBe(56_000);
    expect(parseRateLimitReset('"api";r=12;t=55')).toBeUndefined();
    expect(serverDelayMs(429, { ratelimit: '"resolvers";r=0;t=3', 'retry-after': '100' })).toBe(4000);
    expect(serverDelayMs(429, { ratelimit: '"api";r=5;t=12', 'retry-after': '2' })).toBe(3000);
    expect(serverDelayMs(503, { ratelimit: '"resolvers";r=0;t=3', 'retry-after': '4' })).toBe(5000);
    expect(serverDelayMs(503, new Headers({ 'retry-after': '4' }))).toBe(5000);
    expect(serverDelayMs(500, {})).toBeUndefined();
  });

  it('prefers the server-requested delay, clamped to 5 minutes and scaled', () => {
    const error = new HubgetError('RATE_LIMITED', 'slow down', { retryable: true, retryAfterMs: 10_000 });
    expect(retryDelayMs(error, 1)).toBe(10_000);
    expect(retryDelayMs(error, 1, retryPolicy({ delayScale: 0.01 }))).toBe(100);
    const huge = new HubgetError('RATE_LIMITED', 'slow down', { retryable: true, retryAfterMs: 3_600_000 });
    expect(retryDelayMs(huge, 1)).toBe(300_000);
    expect(DEFAULT_RETRY_POLICY.maxConsecutiveFailures).toBe(5);
  });
});

describe('isUnreachableError', () => {
  const errno = (code: string) => Object.assign(new Error(code), { code });
  it('is a failure in which nothing answered, also wrapped; not a reset, a timeout mid-body or a status', () => {
    expect(isUnreachableError(errno('ECONNREFUSED'))).toBe(true);
    expect(isUnreachableError(errno('ENOTFOUND'))).toBe(true);
    // 10 s each: not an outage to ride out 40 times.
    expect(isUnreachableError(errno('UND_ERR_CONNECT_TIMEOUT'))).toBe(false);
    const wrapped = new HubgetError('TRANSFER_FAILED', 'Network error', { cause: errno('EHOSTUNREACH') });
    expect(isUnreachableError(wrapped)).toBe(true);
    expect(isUnreachableError(errno('ECONNRESET'))).toBe(false);
    expect(isUnreachableError(errno('UND_ERR_BODY_TIMEOUT'))).toBe(false);
    expect(isUnreachableError(new HubgetError('TRANSFER_FAILED', 'HTTP 503', { status: 503 }))).toBe(false);
  });

  it('sets how many failures are allowed, by the last one: unreachableFailures when nothing answered', () => {
    const policy = retryPolicy({ maxConsecutiveFailures: 3, unreachableFailures: 40 });
    expect(
      failuresAllowed(new HubgetError('NETWORK_UNREACHABLE', 'x', { cause: errno('ECONNREFUSED') }), policy),
    ).toBe(40);
    expect(failuresAllowed(errno('ECONNRESET'), policy)).toBe(3);
    expect(failuresAllowed(new HubgetError('HUB_HTTP_ERROR', 'HTTP 503', { status: 503 }), policy)).toBe(3);
  });

  it('gives a lookup that is asked again later one try, also of a refused host (not 5)', () => {
    const policy = retryPolicy(ONE_TRY_RETRY_POLICY);
    expect(failuresAllowed(errno('ECONNREFUSED'), policy)).toBe(1);
    expect(failuresAllowed(new HubgetError('HUB_HTTP_ERROR', 'HTTP 503', { status: 503 }), policy)).toBe(1);
  });

  it('names the host nothing answered on, from the error or what it wraps, not from its message', () => {
    const refused = Object.assign(errno('ECONNREFUSED'), { address: '127.0.0.1', port: 18904 });
    expect(unreachableHost(refused)).toEqual({ code: 'ECONNREFUSED', host: '127.0.0.1:18904' });
    const v6 = Object.assign(errno('ECONNREFUSED'), { address: '::1', port: 443 });
    expect(unreachableHost(new HubgetError('TRANSFER_FAILED', 'x', { cause: v6 }))?.host).toBe('[::1]:443');
    const lookup = Object.assign(errno('ENOTFOUND'), { hostname: 'hub.example' });
    expect(unreachableHost(lookup)).toEqual({ code: 'ENOTFOUND', host: 'hub.example' });
    // A Hub call's error names the URL it asked.
    const call = new HubgetError('NETWORK_UNREACHABLE', 'Cannot reach …', {
      cause: errno('EHOSTUNREACH'),
      details: { url: 'https://hub.example:8443/api/models/org/x' },
    });
    expect(unreachableHost(call)).toEqual({ code: 'EHOSTUNREACH', host: 'hub.example:8443' });
    expect(unreachableHost(errno('ENETUNREACH'))).toEqual({ code: 'ENETUNREACH', host: null });
    expect(unreachableHost(errno('ECONNRESET'))).toBeNull();
  });
});

describe('givesUp', () => {
  const errno = (code: string) => Object.assign(new Error(code), { code });
  const answer = (status: number) => new HubgetError('HUB_HTTP_ERROR', `HTTP ${status}`, { status });
  /** A streak of `count` failures `error` over `forMs`, on a clock of its own. */
  const streak = (count: number, forMs: number, error: unknown): FailureStreak => {
    let now = 0;
    const failures = new FailureStreak(() => now);
    for (let index = 0; index < count; index++) failures.add(error);
    now = forMs;
    return failures;
  };

  it('retries answers that ask to retry for outageBudgetMs, whatever their count', () => {
    const policy = retryPolicy({ outageBudgetMs: 300_000 });
    for (const status of [503, 500, 429, 408]) {
      expect(givesUp(answer(status), streak(40, 299_999, answer(status)), policy)).toBeNull();
      expect(givesUp(answer(status), streak(2, 300_000, answer(status)), policy)).toBe(
        'after 2 failures over 300 s',
      );
    }
    // Other answers, and failures that are neither an answer to retry nor no answer, go by their counts.
    expect(givesUp(answer(404), streak(5, 1000, answer(404)), policy)).toBe('after 5 failures');
    const mismatch = new HubgetError('RANGE_MISMATCH', 'wrong range', { retryable: true });
    expect(givesUp(mismatch, streak(5, 1000, mismatch), policy)).toBe('after 5 failures');
    expect(givesUp(mismatch, streak(4, 1000, mismatch), policy)).toBeNull();
  });

  it('retries failures without an answer for outageBudgetMs too, whatever their count: an outage is a time', () => {
    const policy = retryPolicy({ outageBudgetMs: 300_000 });
    const noAnswers = [
      // As a range request's failure (classify-error.ts) and a Hub call's (hub-errors.ts networkError) wrap them.
      new HubgetError('TRANSFER_FAILED', 'Network error', { retryable: true, cause: errno('ECONNREFUSED') }),
      new HubgetError('NETWORK_UNREACHABLE', 'Cannot reach', {
        retryable: true,
        cause: errno('ECONNREFUSED'),
      }),
      new HubgetError('TRANSFER_FAILED', 'Network error', { retryable: true, cause: errno('ECONNRESET') }),
      errno('UND_ERR_CONNECT_TIMEOUT'),
      new TypeError('fetch failed', { cause: errno('ENOTFOUND') }),
      new HubgetError('STALLED', 'no bytes', { retryable: true }),
    ];
    for (const error of noAnswers) {
      expect(givesUp(error, streak(60, 299_999, error), policy)).toBeNull();
      expect(givesUp(error, streak(41, 300_400, error), policy)).toBe('after 41 failures over 300 s');
    }
  });

  it('with longServerDelay give-up, ends at once on a wait longer than maxServerDelayMs (the mirror)', () => {
    const limited = (retryAfterMs: number) =>
      new HubgetError('RATE_LIMITED', 'x', { status: 429, retryable: true, retryAfterMs });
    const policy = retryPolicy({
      maxConsecutiveFailures: 2,
      maxServerDelayMs: 2000,
      longServerDelay: 'give-up',
    });
    expect(givesUp(limited(31_000), streak(1, 0, limited(31_000)), policy)).toBe(
      'the server asks to wait 31 s',
    );
    expect(givesUp(limited(2000), streak(1, 0, limited(2000)), policy)).toBeNull();
    expect(givesUp(answer(503), streak(1, 0, answer(503)), policy)).toBeNull();
    // The default clamps the wait and retries.
    expect(DEFAULT_RETRY_POLICY.longServerDelay).toBe('clamp');
    expect(givesUp(limited(600_000), streak(1, 0, limited(600_000)), DEFAULT_RETRY_POLICY)).toBeNull();
  });

  it('counts them as the rest without a budget: five tries, as huggingface_hub (the CLI with --retry-for 0)', () => {
    expect(DEFAULT_RETRY_POLICY.outageBudgetMs).toBe(0);
    expect(givesUp(answer(503), streak(4, 600_000, answer(503)), DEFAULT_RETRY_POLICY)).toBeNull();
    expect(givesUp(answer(503), streak(5, 1000, answer(503)), DEFAULT_RETRY_POLICY)).toBe('after 5 failures');
    const refused = new HubgetError('TRANSFER_FAILED', 'x', {
      retryable: true,
      cause: errno('ECONNREFUSED'),
    });
    expect(givesUp(refused, streak(5, 1000, refused), DEFAULT_RETRY_POLICY)).toBe('after 5 failures');
    expect(givesUp(errno('ECONNRESET'), streak(5, 1000, errno('ECONNRESET')), DEFAULT_RETRY_POLICY)).toBe(
      'after 5 failures',
    );
    expect(
      givesUp(errno('ECONNRESET'), streak(4, 600_000, errno('ECONNRESET')), DEFAULT_RETRY_POLICY),
    ).toBeNull();
  });

  it("gives the server's jobs the time rule for every outage, the same 5 minutes", () => {
    const policy = retryPolicy(SERVER_JOB_RETRY_POLICY);
    const refused = new HubgetError('TRANSFER_FAILED', 'x', {
      retryable: true,
      cause: errno('ECONNREFUSED'),
    });
    // The former rule: 40 tries, whatever they lasted (a review's job gave up 2.5 min into an outage).
    expect(givesUp(refused, streak(40, 150_000, refused), policy)).toBeNull();
    expect(givesUp(refused, streak(41, 300_000, refused), policy)).toBe('after 41 failures over 300 s');
    expect(givesUp(answer(503), streak(41, 300_000, answer(503)), policy)).toBe(
      'after 41 failures over 300 s',
    );
  });

  it('says its limit as the retry events carry it (retryLimit): a time for an outage under a budget, else a count', () => {
    const budget = retryPolicy({ outageBudgetMs: 60_000 });
    const mismatch = new HubgetError('RANGE_MISMATCH', 'wrong range', { retryable: true });
    expect(retryLimit(answer(503), budget)).toEqual({ forMs: 60_000 });
    expect(retryLimit(errno('ECONNREFUSED'), budget)).toEqual({ forMs: 60_000 });
    expect(retryLimit(mismatch, budget)).toEqual({ failures: 5 });
    expect(retryLimit(answer(503), DEFAULT_RETRY_POLICY)).toEqual({ failures: 5 });
    expect(retryLimit(errno('ECONNREFUSED'), retryPolicy({ unreachableFailures: 2 }))).toEqual({
      failures: 2,
    });
  });

  it('does not count outage failures against another kind of failure that follows them (under a budget)', () => {
    const policy = retryPolicy(SERVER_JOB_RETRY_POLICY);
    let now = 0;
    const failures = new FailureStreak(() => now);
    for (let index = 0; index < 12; index++) failures.add(answer(503));
    now = 60_000;
    const mismatch = new HubgetError('RANGE_MISMATCH', 'wrong range', { retryable: true });
    for (let index = 1; index < 5; index++) {
      failures.add(mismatch);
      expect(givesUp(mismatch, failures, policy), `mismatch ${index}`).toBeNull();
    }
    failures.add(mismatch);
    expect(givesUp(mismatch, failures, policy)).toBe('after 17 failures');
  });

  it('measures a streak from its first failure, and starts over on reset', () => {
    let now = 1000;
    const failures = new FailureStreak(() => now);
    expect(failures.add(answer(503))).toBe(1);
    now = 4000;
    expect(failures.add(answer(503))).toBe(2);
    expect(failures.forMs).toBe(3000);
    failures.reset();
    expect(failures.forMs).toBe(0);
    now = 5000;
    failures.add(answer(503));
    now = 5500;
    expect(failures.forMs).toBe(500);
  });
});
