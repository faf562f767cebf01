/**
 * The waits an upstream asked with a `429` (its `RateLimit` reset or `Retry-After`: retry-policy.ts serverDelayMs),
 * remembered in memory until they are over, so the requests that would count against the same quota are held back
 * instead of asking the upstream again, by one rule of scope for every caller of the Hub. A hubget mirror answers
 * such a request `429` with what is left of the wait (docs/mirror.md, "Pull-through, once"); a download's range
 * requests wait it out before they go (src/transfer/host-rate-limit.ts, docs/transfer-faults.md). The Hub counts
 * requests per bucket and per account, or per IP without a token (docs/hub-protocol.md §1.8), so a window is kept per
 * upstream endpoint, bucket (the request's path: `/api/…` api, a `/resolve/` URL resolvers, else pages) and
 * credentials (a sha256 digest of the `Authorization` sent; none: the host's anonymous quota): one client's exhausted
 * token is no other client's, nor the mirror's own token's.
 */
import { createHash } from 'node:crypto';
import { bearerOf } from './http.js';
import type { HubConfig } from './types.js';

export type RateLimitBucket = 'api' | 'resolvers' | 'pages';

/** The Hub's bucket a request to `pathAndQuery` counts against (docs/hub-protocol.md §1.8). */
export function rateLimitBucketOf(pathAndQuery: string): RateLimitBucket {
  const path = pathAndQuery.split('?')[0] ?? '';
  if (path.includes('/resolve/')) return 'resolvers';
  return path.startsWith('/api/') ? 'api' : 'pages';
}

/**
 * The Hub's bucket a request to `url` counts against when it went to the upstream at `endpoint` (its path after the
 * endpoint's, as rateLimitBucketOf reads a path the mirror sends there: a two-tier upstream's `/hf` is no part of
 * it). A URL elsewhere is where a `/resolve/` redirected the file's body GET (the CDN: the mirror's pulls and the Hub
 * client ask the endpoint for everything else, and follow only a resolve's redirect off it): resolvers, the bucket
 * of every HEAD and body GET of a resolved file (docs/hub-protocol.md §1.8; the CDN's `429` names it in its
 * `RateLimit`). Undefined for what is not a URL.
 */
export function rateLimitBucketOfUrl(url: string, endpoint: string): RateLimitBucket | undefined {
  let asked: URL;
  let base: URL;
  try {
    asked = new URL(url);
    base = new URL(endpoint);
  } catch {
    return undefined;
  }
  const basePath = base.pathname.replace(/\/+$/, '');
  if (asked.origin !== base.origin || !asked.pathname.startsWith(`${basePath}/`)) return 'resolvers';
  return rateLimitBucketOf(asked.pathname.slice(basePath.length));
}

/** A window's scope: the endpoint as Upstream.endpoint spells one (no trailing slash), the bucket, the credentials. */
export interface RateLimitScope {
  endpoint: string;
  bucket: RateLimitBucket;
  authorization: string | undefined;
}

/**
 * The scope of a Hub client's request to `url` with `hub`'s settings (its endpoint, its bucket: rateLimitBucketOfUrl,
 * and its token's `Authorization`); undefined for what is not a URL.
 */
export function rateLimitScopeOf(
  url: string,
  hub: Pick<HubConfig, 'endpoint' | 'token'>,
): RateLimitScope | undefined {
  const endpoint = hub.endpoint.replace(/\/+$/, '');
  const bucket = rateLimitBucketOfUrl(url, endpoint);
  return bucket && { endpoint, bucket, authorization: bearerOf(hub.token) };
}

/** Windows kept before the ones over are swept (each distinct token that was rate-limited is one). */
const SWEEP_AT = 1000;

export class RateLimitWindows {
  /** Key → when the wait ends (ms, `now`'s clock). */
  readonly #until = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** What is left of the wait asked of the quota a request of `url` counts against (rateLimitScopeOf); undefined: none. */
  leftMsOf(url: string, hub: Pick<HubConfig, 'endpoint' | 'token'>): number | undefined {
    const scope = rateLimitScopeOf(url, hub);
    return scope && this.leftMs(scope.endpoint, scope.bucket, scope.authorization);
  }

  /** A wait of `waitMs` asked of the quota a request of `url` counts against (rateLimitScopeOf). */
  noteOf(url: string, hub: Pick<HubConfig, 'endpoint' | 'token'>, waitMs: number): void {
    const scope = rateLimitScopeOf(url, hub);
    if (scope) this.note(scope.endpoint, scope.bucket, scope.authorization, waitMs);
  }

  /** The upstream at `endpoint` asked requests of `bucket` with `authorization` to wait `waitMs`. */
  note(endpoint: string, bucket: RateLimitBucket, authorization: string | undefined, waitMs: number): void {
    const key = keyOf(endpoint, bucket, authorization);
    const until = this.#now() + waitMs;
    this.#until.set(key, Math.max(until, this.#until.get(key) ?? 0));
    if (this.#until.size > SWEEP_AT) this.#sweep();
  }

  /** What is left of the wait asked of such requests (ms), or undefined when none was asked or it is over. */
  leftMs(endpoint: string, bucket: RateLimitBucket, authorization: string | undefined): number | undefined {
    const key = keyOf(endpoint, bucket, authorization);
    const until = this.#until.get(key);
    if (until === undefined) return undefined;
    const left = until - this.#now();
    if (left > 0) return left;
    this.#until.delete(key);
    return undefined;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [key, until] of this.#until) if (until <= now) this.#until.delete(key);
  }
}

function keyOf(endpoint: string, bucket: RateLimitBucket, authorization: string | undefined): string {
  const who = authorization ? createHash('sha256').update(authorization).digest('hex') : 'anonymous';
  return `${endpoint} ${bucket} ${who}`;
}
