import { afterEach, describe, expect, it, vi } from 'vitest';
import { HubgetError } from '../errors.js';
import { LISTING_NOTICE_DELAY_MS, type ListingRetry, startListingNotices } from './listing-notices.js';

afterEach(() => {
  vi.useRealTimers();
});

const unreachable = (attempt: number, delayMs: number): ListingRetry => ({
  attempt,
  delayMs,
  error: new HubgetError('NETWORK_UNREACHABLE', 'Cannot reach 127.0.0.1:9: connect ECONNREFUSED', {
    retryable: true,
  }),
});

describe('listing notices', () => {
  it('say nothing for a fast listing', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const notices = startListingNotices((line) => lines.push(line), 'org/name', undefined);
    vi.advanceTimersByTime(LISTING_NOTICE_DELAY_MS - 1);
    notices.done();
    vi.advanceTimersByTime(10 * LISTING_NOTICE_DELAY_MS);
    expect(lines).toEqual([]);
  });

  it('say "Listing org/name@rev…" once the listing takes a while', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const notices = startListingNotices((line) => lines.push(line), 'org/name', 'v1.0');
    vi.advanceTimersByTime(LISTING_NOTICE_DELAY_MS);
    vi.advanceTimersByTime(10 * LISTING_NOTICE_DELAY_MS);
    notices.done();
    expect(lines).toEqual(['Listing org/name@v1.0…']);
  });

  it('tell each retry, with its reason the first time and "still" after, the listing line first', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const notices = startListingNotices((line) => lines.push(line), 'org/name', undefined);
    notices.onRetry(unreachable(1, 200));
    notices.onRetry(unreachable(2, 1500));
    vi.advanceTimersByTime(10 * LISTING_NOTICE_DELAY_MS);
    notices.done();
    notices.onRetry(unreachable(3, 4000));
    expect(lines).toEqual([
      'Listing org/name…',
      'Notice: listing org/name: server unreachable - attempt 2 of 5 now (Cannot reach 127.0.0.1:9: connect ECONNREFUSED)',
      'Notice: listing org/name: still server unreachable - attempt 3 of 5 in 2 s',
    ]);
  });
});
