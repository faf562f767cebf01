import { expect, it } from 'vitest';
import { isHubgetError } from '../errors.js';
import { RateLimitWindows } from '../hub/rate-limit-windows.js';
import { rateLimitQuota } from './rate-limit-quota.js';

it("keeps a Hub client's 429 by its URL's bucket and its token, and refuses that quota's requests meanwhile", () => {
  let now = 1_000;
  const windows = new RateLimitWindows(() => now);
  const quota = rateLimitQuota(windows);
  const hub = { endpoint: 'http://hub:8/', token: 'hf_mirror' };
  quota.limited('http://hub:8/api/models?search=x', hub, 31_000);
  // The mirror's own calls key the same window: endpoint without its slash, `Bearer <token>`.
  expect(windows.leftMs('http://hub:8', 'api', 'Bearer hf_mirror')).toBe(31_000);
  let refusal: unknown;
  try {
    quota.check('http://hub:8/api/models/org/x/tree/abc', hub);
  } catch (error) {
    refusal = error;
  }
  expect(isHubgetError(refusal, 'RATE_LIMITED') && refusal.retryAfterMs).toBe(31_000);
  // Another bucket (the card's resolve, and the CDN it redirects to), another token: not refused.
  expect(() => quota.check('http://hub:8/org/x/resolve/abc/README.md', hub)).not.toThrow();
  expect(() => quota.check('http://cdn:9/xet-bridge-us/abc', hub)).not.toThrow();
  expect(() => quota.check('http://hub:8/api/models', { endpoint: 'http://hub:8' })).not.toThrow();
  // A CDN 429 is the resolvers bucket of the token that resolved.
  quota.limited('http://cdn:9/xet-bridge-us/abc', hub, 5_000);
  expect(() => quota.check('http://hub:8/org/x/resolve/abc/README.md', hub)).toThrow(/rate-limited/);
  now += 31_000;
  expect(() => quota.check('http://hub:8/api/models', hub)).not.toThrow();
});
