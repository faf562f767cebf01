import { describe, expect, it } from 'vitest';
import { HubgetError } from '../errors.js';
import { parseRateLimitReset } from '../hub/rate-limit.js';
import {
  backoffDelayMs,
  classifyTransferError,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  retryDelayMs,
  serverDelayMs,
} from './retry-policy.js';

describe('retry policy', () => {
  it('backs off exponentially with full jitter, capped', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, random: () => 0.999999 };
    expect(backoffDelayMs(1, policy)).toBe(500);
    expect(backoffDelayMs(3, policy)).toBe(2000);
    expect(backoffDelayMs(20, policy)).toBe(15_000);
    expect(backoffDelayMs(3, { ...policy, random: () => 0 })).toBe(0);
    expect(backoffDelayMs(3, { ...policy, delayScale: 0.1 })).toBe(200);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('honours RateLimit only when the quota is exhausted', () => {
    expect(parseRateLimitReset('"api";r=0;t=55')).toBe(56_000);
    expect(parseRateLimitReset('"api";r=12;t=55')).toBeUndefined();
    expect(serverDelayMs({ ratelimit: '"resolvers";r=0;t=3', 'retry-after': '100' })).toBe(4000);
    expect(serverDelayMs({ 'retry-after': '2' })).toBe(2000);
  });

  it('prefers the server-requested delay, clamped and scaled', () => {
    const error = new HubgetError('RATE_LIMITED', 'slow down', { retryable: true, retryAfterMs: 10_000 });
    expect(retryDelayMs(error, 1)).toBe(10_000);
    expect(retryDelayMs(error, 1, { ...DEFAULT_RETRY_POLICY, delayScale: 0.01 })).toBe(100);
    const huge = new HubgetError('RATE_LIMITED', 'slow down', { retryable: true, retryAfterMs: 3_600_000 });
    expect(retryDelayMs(huge, 1)).toBe(120_000);
  });

  it('classifies network errors as retryable, disk and abort errors as not', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(classifyTransferError(reset)).toMatchObject({ code: 'TRANSFER_FAILED', retryable: true });
    const socket = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(classifyTransferError(socket).retryable).toBe(true);
    const full = Object.assign(new Error('no space'), { code: 'ENOSPC' });
    expect(classifyTransferError(full)).toMatchObject({ code: 'DISK_FULL', retryable: false });
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(classifyTransferError(abort)).toMatchObject({ code: 'ABORTED', retryable: false });
    const io = Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'open' });
    expect(classifyTransferError(io)).toMatchObject({ code: 'IO_ERROR', retryable: false });
  });
});
