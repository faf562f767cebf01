/**
 * The server's window on the Hub for search and model pages. The server makes these calls (the HF token
 * stays here, never in the browser), with the current endpoint and token from the settings, and keeps
 * identical answers for CACHE_TTL_MS. A person waits on each call: it follows INTERACTIVE_RETRY_POLICY
 * (src/hub/retry-policy.ts), one attempt for an answer (a 429 reaches the user at once with its retry time
 * instead of hanging in the back-off) and one quick retry for a host that does not answer, so a Hub that is
 * down is said in well under a second, not after the 4–12 s of the default tries. Every call (search, the model
 * page's revision info, files, refs and model card, whoami) keeps the process's `429` waits as a download's Hub calls
 * do (hostRateLimitQuota, docs/transfer-faults.md "A 429 holds its whole quota"): one held by another request's
 * `429` sends nothing and fails at once with it (the interactive policy waits no `429` out), and a `429` it gets
 * holds the process's other requests of its quota.
 */
import { createHash } from 'node:crypto';
import {
  getRepoDetails,
  type HubAccount,
  type HubConfig,
  type HubSearchPage,
  type HubSearchQuery,
  INTERACTIVE_RETRY_POLICY,
  type RepoDetails,
  type RepoRef,
  type RequestQuota,
  searchHub,
  whoAmI,
} from '../hub/index.js';
import type { RateLimitWindows } from '../hub/rate-limit-windows.js';
import type { MachineMemoryReading } from '../system/index.js';
import { hostRateLimitQuota } from '../transfer/host-rate-limit.js';

export const CACHE_TTL_MS = 60_000;
const MAX_CACHE_ENTRIES = 500;

export interface HubBrowser {
  search(query: HubSearchQuery): Promise<HubSearchPage>;
  repo(repo: RepoRef, revision: string): Promise<RepoDetails>;
  machine(): Promise<MachineMemoryReading>;
  /** Whose token it is: `token`, else the stored one; asked each time (a token's state changes on the Hub). */
  whoami(token?: string): Promise<HubAccount>;
}

export interface HubBrowserOptions {
  /** Endpoint, token and offline flag as they are now (settings can change them). */
  hubConfig: () => HubConfig;
  machine: () => Promise<MachineMemoryReading>;
  /**
   * A mirror's remembered `429` waits (src/mirror/rate-limit-quota.ts, docs/mirror.md): these calls ask the
   * mirror's upstream with its token, so they respect the waits and start them. Default none.
   */
  quota?: RequestQuota;
  /** The process's `429` waits these calls keep and start (default processRateLimits, the downloads'). */
  rateLimits?: RateLimitWindows;
  ttlMs?: number;
  now?: () => number;
}

/** Answers kept for a while, by key; failures are never kept. */
class TtlCache {
  readonly #entries = new Map<string, { at: number; value: Promise<unknown> }>();
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value as Promise<T>;
    const value = load();
    this.#entries.set(key, { at: this.now(), value });
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    if (this.#entries.size > MAX_CACHE_ENTRIES) {
      for (const [old, entry] of this.#entries) {
        if (this.now() - entry.at >= this.ttlMs || this.#entries.size > MAX_CACHE_ENTRIES) {
          this.#entries.delete(old);
        }
      }
    }
    return value;
  }
}

/** Whose view of the Hub an answer is: endpoint and token (hashed: private repos differ per token). */
function scope(hub: HubConfig): string {
  const token = hub.token ? createHash('sha256').update(hub.token).digest('hex').slice(0, 16) : '-';
  return `${hub.endpoint}|${token}`;
}

export function createHubBrowser(options: HubBrowserOptions): HubBrowser {
  const cache = new TtlCache(options.ttlMs ?? CACHE_TTL_MS, options.now ?? Date.now);
  /** The Hub call options of every call here. */
  const interactive = {
    retry: INTERACTIVE_RETRY_POLICY,
    quota: hostRateLimitQuota(INTERACTIVE_RETRY_POLICY, options.quota, options.rateLimits),
  };
  return {
    search(query) {
      const hub = options.hubConfig();
      const key = `search|${scope(hub)}|${JSON.stringify(query)}`;
      return cache.get(key, () => searchHub(hub, query, interactive));
    },
    repo(repo, revision) {
      const hub = options.hubConfig();
      const key = `repo|${scope(hub)}|${repo.repoType}|${repo.repoId}|${revision}`;
      return cache.get(key, () => getRepoDetails({ hub, repo, revision, ...interactive }));
    },
    machine: options.machine,
    whoami(token) {
      const hub = options.hubConfig();
      return whoAmI(token === undefined ? hub : { ...hub, token }, interactive);
    },
  };
}
