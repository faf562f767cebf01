import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { cliRetryPolicies, MAX_RETRY_FOR_MS, parseRetryFor } from './retry-for.js';

describe('--retry-for', () => {
  it('takes seconds, or a whole number with s, m or h, in milliseconds', () => {
    expect(parseRetryFor('90')).toBe(90_000);
    expect(parseRetryFor('30s')).toBe(30_000);
    expect(parseRetryFor('5m')).toBe(300_000);
    expect(parseRetryFor(' 1H ')).toBe(3_600_000);
    expect(parseRetryFor('0')).toBe(0);
    expect(parseRetryFor('24h')).toBe(MAX_RETRY_FOR_MS);
  });

  it('refuses anything else with one usage error that shows the forms', () => {
    for (const text of ['', 'soon', '-5', '1.5h', '5 min', '1e3', '10d', '25h', '86401', '5ms']) {
      expect(() => parseRetryFor(text), text).toThrow(InvalidArgumentError);
      expect(() => parseRetryFor(text), text).toThrow(
        'expected seconds, or a whole number with s, m or h (90, 30s, 5m, 1h), from 0 to 24h.',
      );
    }
  });

  it('sets the outage budget of the listing and of the transfer; 0 leaves the counted tries', () => {
    expect(cliRetryPolicies(300_000)).toEqual({
      listing: { outageBudgetMs: 300_000 },
      transfer: { outageBudgetMs: 300_000 },
    });
    expect(cliRetryPolicies(0)).toEqual({ listing: { outageBudgetMs: 0 }, transfer: { outageBudgetMs: 0 } });
  });

  it('without the flag gives the transfer a minute and leaves the listing its 5 tries', () => {
    expect(cliRetryPolicies(undefined)).toEqual({
      listing: { outageBudgetMs: 0 },
      transfer: { outageBudgetMs: 60_000 },
    });
  });
});
