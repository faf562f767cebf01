/**
 * A gate a caller may put on its Hub requests (HubCallOptions.quota): asked before each request goes out, it may
 * hold it (`heldMs`: a wait a `429` asked of that request's quota still lasts; the call waits it out, no failure,
 * when it would wait that long for a `429` of its own: hub-request.ts, held-by-rate-limit.ts waitsOutHeld) or
 * refuse it (`check` throws), and it hears of each `429` that asks for a wait. A hubget mirror passes its remembered
 * waits (src/hub/rate-limit-windows.ts) to the server's own calls for search and model pages this way
 * (docs/mirror.md, "Pull-through, once"); a download's calls hold by the process's (src/transfer/host-rate-limit.ts).
 */
import type { HubConfig } from './types.js';

export interface RequestQuota {
  /** Throws when a request to `url` with `hub`'s token must not go out now. */
  check(url: string, hub: HubConfig): void;
  /** What is left of a wait a `429` asked of the requests of `url`'s quota (ms), undefined when none lasts. */
  heldMs?(url: string, hub: HubConfig): number | undefined;
  /** A request to `url` with `hub`'s token was answered `429`, asking to wait `waitMs`. */
  limited(url: string, hub: HubConfig, waitMs: number): void;
}
