import { afterEach, describe, expect, it, vi } from 'vitest';
import { HubgetError } from '../errors.js';
import { retryPolicy } from '../hub/retry-policy.js';
import { LISTING_NOTICE_DELAY_MS, type ListingRetry, startListingNotices } from './listing-notices.js';

afterEach(() => {
  vi.useRealTimers();
});

const unreachable = (attempt: number, delayMs: number): ListingRetry => ({
  attempt,
  delayMs,
  // As hub-errors.ts networkError makes it: the system's error as its cause.
  error: new HubgetError('NETWORK_UNREACHABLE', 'Cannot reach 127.0.0.1:9: connect ECONNREFUSED', {
    retryable: true,
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
  }),
});

describe('listing notices', () => {
  it('say nothing for a fast listing', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const notices = startListingNotices((line) => lines.push(line), 'org/name', undefined, retryPolicy());
    vi.advanceTimersByTime(LISTING_NOTICE_DELAY_MS - 1);
    notices.done();
    vi.advanceTimersByTime(10 * LISTING_NOTICE_DELAY_MS);
    expect(lines).toEqual([]);
  });

  it('say "Listing org/name@rev…" once the listing takes a while', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const notices = startListingNotices((line) => lines.push(line), 'org/name', 'v1.0', retryPolicy());
    vi.advanceTimersByTime(LISTING_NOTICE_DELAY_MS);
    vi.advanceTimersByTime(10 * LISTING_NOTICE_DELAY_MS);
    notices.done();
    expect(lines).toEqual(['Listing org/name@v1.0…']);
  });

  it('tell each retry, with its reason the first time and "still" after, the listing line first', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const notices = startListingNotices((line) => lines.push(line), 'org/name', undefined, retryPolicy());
    notices.onRetry(unreachable(1, 200));
    notices.onRetry(unreachable(2, 1500));
    vi.advanceTimersByTime(10 * LISTING_NOTICE_DELAY_MS);
    notices.done();
    notices.onRetry(unreachable(3, 4000));
    expect(lines).toEqual([
      'Listing org/name…',
      'Notice: listing org/name — server unreachable; attempt 2 of 5 now (Cannot reach 127.0.0.1:9: connect ECONNREFUSED)',
      'Notice: listing org/name — still server unreachable; attempt 3 of 5 in 2 s',
    ]);
  });

  it('under a time budget say how long the retries go on, and how long the failures have lasted', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const policy = retryPolicy({ outageBudgetMs: 300_000 });
    const notices = startListingNotices((line) => lines.push(line), 'org/name', undefined, policy);
    notices.onRetry(unreachable(1, 3000));
    vi.advanceTimersByTime(21_000);
    notices.onRetry(unreachable(7, 3000));
    notices.done();
    expect(lines).toEqual([
      'Listing org/name…',
      'Notice: listing org/name — server unreachable; retrying in 3 s, for up to 5 min (Cannot reach 127.0.0.1:9: connect ECONNREFUSED)',
      'Notice: listing org/name — still server unreachable after 21 s; retrying in 3 s, for up to 5 min',
    ]);
  });

  it('say a 429’s wait once, and one last try when the wait outlasts the time budget', () => {
    const lines: string[] = [];
    const notices = startListingNotices(
      (line) => lines.push(line),
      'org/name',
      undefined,
      retryPolicy({ outageBudgetMs: 60_000 }),
    );
    const limited = (waitS: number) =>
      new HubgetError('RATE_LIMITED', `The Hub rate-limited this client (api bucket): retry in ${waitS} s`, {
        status: 429,
        retryable: true,
        retryAfterMs: waitS * 1000,
      });
    notices.onRetry({ attempt: 1, delayMs: 218_000, error: limited(218), lastTry: true });
    notices.onRetry({ attempt: 2, delayMs: 30_000, error: limited(30), lastTry: true });
    notices.done();
    expect(lines).toEqual([
      'Listing org/name…',
      'Notice: listing org/name — rate-limited by the server; retrying in 3 min 38 s, one last try (the 1 min of retries without progress is over by then) (The Hub rate-limited this client (api bucket))',
      // The same trouble: `still`, though the server's wait changed.
      expect.stringMatching(
        /^Notice: listing org\/name — still rate-limited by the server after \d+ s; retrying in 30 s, one last try/,
      ),
    ]);
  });

  it('say no time budget for a listing held by another request’s 429 (no try failed: attempt 0)', () => {
    const lines: string[] = [];
    const policy = retryPolicy({ outageBudgetMs: 300_000 });
    const notices = startListingNotices((line) => lines.push(line), 'org/name', undefined, policy);
    const held = new HubgetError(
      'RATE_LIMITED',
      'The server rate-limited these requests (429 to another request with this token): retry in 4 s',
      { status: 429, retryable: true, retryAfterMs: 4000 },
    );
    notices.onRetry({ attempt: 0, delayMs: 4000, error: held });
    notices.done();
    expect(lines[1]).toBe(
      'Notice: listing org/name — rate-limited by the server; retrying in 4 s (The server rate-limited these requests (429 to another request with this token))',
    );
  });
});
