/**
 * A download's gate on its requests of file bytes (RequestGate): the `429` waits of the process. When the Hub or its
 * CDN answers one range request `429` with a wait (`Retry-After`, seconds or HTTP date, or an exhausted `RateLimit`:
 * src/hub/retry-policy.ts serverDelayMs), that wait holds for every request of the process that counts against the
 * same quota: the other connections of the file, the other files of the download, the other downloads with the same
 * endpoint and token (docs/transfer-faults.md, "A 429 holds its whole quota"). They wait it out before they go,
 * which is no failure, instead of each asking and getting its own `429` (every one of them counts against the
 * user's quota, docs/hub-protocol.md §1.8). The scope is the mirror's (src/hub/rate-limit-windows.ts
 * rateLimitScopeOf: endpoint, bucket, token), one rule and one implementation for both.
 */
import { HubgetError } from '../errors.js';
import { RateLimitWindows } from '../hub/rate-limit-windows.js';
import type { RequestQuota } from '../hub/request-quota.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs, retryPolicy } from '../hub/retry-policy.js';
import type { HubConfig } from '../hub/types.js';
import type { RequestGate } from './types.js';

/** The `429` waits the downloads of this process were asked (a server's jobs, the CLI's run). */
export const processRateLimits = new RateLimitWindows();

/**
 * The gate of a download's requests with the settings `hub()` reads at each request (a running job follows a changed
 * endpoint or token): held while a wait of their quota lasts in `windows`, which hears of each `429`; `check` (a
 * hubget mirror's refusal, src/mirror/rate-limit-quota.ts) is kept from `outer`.
 */
export function hostRateLimitGate(
  hub: () => Pick<HubConfig, 'endpoint' | 'token'>,
  outer: RequestGate | undefined,
  windows: RateLimitWindows = processRateLimits,
): RequestGate {
  return {
    ...(outer?.check && { check: (url: string) => outer.check?.(url) }),
    heldMs: (url) => windows.leftMsOf(url, hub()),
    limited: (url, waitMs) => {
      windows.noteOf(url, hub(), waitMs);
      outer?.limited?.(url, waitMs);
    },
  };
}

const hostQuotas = new WeakSet<RequestQuota>();

/**
 * The quota of a download's Hub API calls (HubCallOptions.quota: its revision info and listing, the access check's
 * calls and HEAD, a `:QUANT` reference's look-up): held while a wait of their quota lasts in `windows` (heldMs: the
 * call waits it out when it would wait that long for a `429` of its own, src/hub/held-by-rate-limit.ts
 * waitsOutHeld), and each `429` they get starts the wait of its quota, the server's wait as a download waits it
 * (capped by the longer of the call's and the default `maxServerDelayMs`, times the call's `delayScale`, as a range
 * request's: noteRateLimited), for the range requests, asks and calls of the process alike. The buckets stay apart (rateLimitScopeOf): an API call's `429` holds no `/resolve/`
 * or CDN request, nor one of these the API calls. `outer` (a hubget mirror's quota) keeps its refusal and hears of
 * the `429`s as before; a quota made here is not wrapped again.
 */
export function hostRateLimitQuota(
  policy: Partial<RetryPolicy> | undefined,
  outer: RequestQuota | undefined,
  windows: RateLimitWindows = processRateLimits,
): RequestQuota {
  if (outer !== undefined && hostQuotas.has(outer)) return outer;
  const full = retryPolicy(policy);
  // The quota's wait is the Hub's, as a download would wait it (capped at the default policy's longest server wait,
  // times the call's delayScale): a call a person waits on (one try, waits at most 1 s) fails at once, but the
  // process's other requests must not ask before the Hub's wait is over.
  const noted = {
    ...full,
    maxServerDelayMs: Math.max(full.maxServerDelayMs, DEFAULT_RETRY_POLICY.maxServerDelayMs),
  };
  const quota: RequestQuota = {
    check: (url, hub) => outer?.check(url, hub),
    heldMs: (url, hub) => windows.leftMsOf(url, hub) ?? outer?.heldMs?.(url, hub),
    limited: (url, hub, waitMs) => {
      windows.noteOf(url, hub, retryDelayMs({ retryAfterMs: waitMs }, 1, noted));
      outer?.limited(url, hub, waitMs);
    },
  };
  hostQuotas.add(quota);
  return quota;
}

/**
 * A `429` that asks a wait (or a refusal naming one) to a request of `url` holds its quota (`gate.limited`) for the
 * wait a request of the file's would wait (`policy`: the server's wait, capped by `maxServerDelayMs`, times
 * `delayScale`): a range request's (segment-retries.ts) and a locate-ahead ask's (locate-ahead.ts) alike.
 */
export function noteRateLimited(
  gate: RequestGate | undefined,
  url: string,
  caught: unknown,
  policy: RetryPolicy,
): void {
  if (gate?.limited === undefined || !(caught instanceof HubgetError)) return;
  if (caught.status !== 429 || caught.retryAfterMs === undefined) return;
  gate.limited(url, retryDelayMs(caught, 1, policy));
}
