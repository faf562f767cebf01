import { expect, it } from 'vitest';
import { RateLimitWindows, rateLimitBucketOf, rateLimitBucketOfUrl } from './rate-limit-windows.js';

it('names the Hub bucket a path counts against (docs/hub-protocol.md §1.8)', () => {
  expect(rateLimitBucketOf('/api/models/org/x/revision/main')).toBe('api');
  expect(rateLimitBucketOf('/api/models?search=x')).toBe('api');
  expect(rateLimitBucketOf('/org/x/resolve/main/config.json')).toBe('resolvers');
  expect(rateLimitBucketOf('/datasets/org/x/resolve/main/a?download=true')).toBe('resolvers');
  expect(rateLimitBucketOf('/')).toBe('pages');
});

it('names the bucket of a URL sent to the upstream by its path after the endpoint’s; resolvers elsewhere', () => {
  expect(rateLimitBucketOfUrl('http://hub:8/org/x/resolve/abc/a.bin', 'http://hub:8')).toBe('resolvers');
  expect(rateLimitBucketOfUrl('http://hub:8/api/models/org/x/tree/abc', 'http://hub:8/')).toBe('api');
  // A two-tier upstream (another mirror's /hf): its path is the endpoint's, not the Hub's.
  expect(rateLimitBucketOfUrl('http://site/hf/api/models/org/x', 'http://site/hf')).toBe('api');
  expect(rateLimitBucketOfUrl('http://site/hf/org/x/resolve/abc/a', 'http://site/hf')).toBe('resolvers');
  // Off the endpoint (the CDN a resolve redirected to, another port or path): a resolved file's body GET.
  expect(rateLimitBucketOfUrl('http://site/hfx/api/models/org/x', 'http://site/hf')).toBe('resolvers');
  expect(rateLimitBucketOfUrl('http://cdn:9/xet-bridge-us/abc', 'http://hub:8')).toBe('resolvers');
  expect(rateLimitBucketOfUrl('http://hub:9/org/x/api/models', 'http://hub:8')).toBe('resolvers');
  expect(rateLimitBucketOfUrl('not a url', 'http://hub:8')).toBeUndefined();
});

it('keeps a wait per endpoint, bucket and credentials until it is over', () => {
  let now = 1_000;
  const windows = new RateLimitWindows(() => now);
  windows.note('http://hub', 'api', 'Bearer a', 31_000);
  expect(windows.leftMs('http://hub', 'api', 'Bearer a')).toBe(31_000);
  expect(windows.leftMs('http://hub', 'api', 'Bearer b')).toBeUndefined();
  expect(windows.leftMs('http://hub', 'api', undefined)).toBeUndefined();
  expect(windows.leftMs('http://hub', 'resolvers', 'Bearer a')).toBeUndefined();
  expect(windows.leftMs('http://other', 'api', 'Bearer a')).toBeUndefined();
  now += 30_000;
  expect(windows.leftMs('http://hub', 'api', 'Bearer a')).toBe(1_000);
  // A shorter wait asked meanwhile does not end a longer one.
  windows.note('http://hub', 'api', 'Bearer a', 500);
  expect(windows.leftMs('http://hub', 'api', 'Bearer a')).toBe(1_000);
  now += 1_000;
  expect(windows.leftMs('http://hub', 'api', 'Bearer a')).toBeUndefined();
});
