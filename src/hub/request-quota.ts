/**
 * A gate a caller may put on its Hub requests (HubCallOptions.quota): asked before each request goes out, it may
 * refuse it (a wait a `429` asked for that request's quota still lasts: it throws the refusal), and it hears of each
 * `429` that asks for a wait. A hubget mirror passes its remembered waits (src/hub/rate-limit-windows.ts) to the
 * server's own calls for search and model pages this way (docs/mirror.md, "Pull-through, once").
 */
import type { HubConfig } from './types.js';

export interface RequestQuota {
  /** Throws when a request to `url` with `hub`'s token must not go out now. */
  check(url: string, hub: HubConfig): void;
  /** A request to `url` with `hub`'s token was answered `429`, asking to wait `waitMs`. */
  limited(url: string, hub: HubConfig, waitMs: number): void;
}
