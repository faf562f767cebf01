/**
 * The mirror's upstream (the server's Hub endpoint: the Hub, or another hubget mirror — two tiers). Raw
 * pass-through requests for the metadata endpoints and access checks, plus the reachability state that
 * makes the mirror answer from its cache (offline) instead of hanging: after a transport failure the
 * upstream counts as unreachable for `retryAfterMs`, and every call in that window fails at once; an answer
 * within the last `contactFreshMs` means it need not be asked again before a pull (repo-metadata.ts,
 * upstreamAnswers). `probe` asks whether it is still there whatever it answered lately (a pull's attempt got
 * no answer, upstream-watch.ts); `onUnreachable` tells who waits on a pull that it went away. The waits its `429`s
 * asked for are remembered until they are over (src/hub/rate-limit-windows.ts).
 */
import {
  bearerOf,
  type HubConfig,
  httpDispatcher,
  hubgetUserAgent,
  isRetryableNetworkError,
  retryAfterSeconds,
  serverDelayMs,
  urlTarget,
} from '../hub/index.js';
import {
  type RateLimitBucket,
  RateLimitWindows,
  rateLimitBucketOf,
  rateLimitBucketOfUrl,
} from '../hub/rate-limit-windows.js';
import { Listeners } from '../listeners.js';
import { rememberedRateLimitMessage } from './mirror-errors.js';

export interface UpstreamOptions {
  /**
   * The upstream's URL (a trailing slash is dropped) and the mirror's own token (which fetches, never grants a
   * client anything), read at each use: the server's live Hub settings, the ones its pull jobs fetch with.
   */
  hub: () => HubConfig;
  /** `--mirror-offline`: never contact the upstream. */
  offline: boolean;
  /** How long a transport failure marks the upstream unreachable. @default 10000 */
  retryAfterMs?: number;
  /** How long an answer of the upstream counts as proof that it is there. @default 10000 */
  contactFreshMs?: number;
  /** Per request (headers and body) timeout. @default 20000 */
  timeoutMs?: number;
  now?: () => number;
  /**
   * The remembered waits, when they are shared with calls made before the mirror exists (the jobs service's preview,
   * given rate-limit-quota.ts's gate of them); default its own, on `now`'s clock.
   */
  rateLimits?: RateLimitWindows;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export class UpstreamUnreachable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UpstreamUnreachable';
  }
}

export class Upstream {
  readonly #options: UpstreamOptions;
  #unreachableUntil = 0;
  #lastContact = Number.NEGATIVE_INFINITY;
  /** What the last contact found: it answered (noteContact), or it could not be reached (markUnreachable). */
  #lastFound: 'answered' | 'unreachable' | undefined;
  #probing: Promise<boolean> | undefined;
  readonly #unreachableListeners = new Listeners<[]>();
  readonly #rateLimits: RateLimitWindows;

  constructor(options: UpstreamOptions) {
    this.#options = options;
    this.#rateLimits = options.rateLimits ?? new RateLimitWindows(() => this.#now());
  }

  /** Without trailing slash. */
  get endpoint(): string {
    return this.#options.hub().endpoint.replace(/\/+$/, '');
  }

  /** The endpoint (as `endpoint`) and the mirror's token, for the Hub client's calls. */
  get hubConfig(): HubConfig {
    const { token } = this.#options.hub();
    return { endpoint: this.endpoint, ...(token === undefined ? {} : { token }) };
  }

  /** False in offline mode and for a while after a transport failure. */
  get reachable(): boolean {
    return !this.#options.offline && this.#now() >= this.#unreachableUntil;
  }

  /**
   * What is left (ms) of the window in which the upstream counts as unreachable (markUnreachable): the mirror asks it
   * nothing before it is over. Undefined when it is reachable, or in offline mode (no window: it never is).
   */
  get unreachableLeftMs(): number | undefined {
    if (this.#options.offline) return undefined;
    const left = this.#unreachableUntil - this.#now();
    return left > 0 ? left : undefined;
  }

  /** Reachable, and it answered a request within the last `contactFreshMs`. */
  get recentlyContacted(): boolean {
    return this.reachable && this.#now() - this.#lastContact < (this.#options.contactFreshMs ?? 10_000);
  }

  /**
   * Whether the upstream is there as far as the mirror last found, for a person (GET /api/mirror, the Settings page):
   * false from a transport failure until it answers again, however long that takes. Not `reachable`, which turns
   * true again when its window ends, the upstream asked nothing meanwhile: the page then stopped saying the upstream
   * was unreachable 10 s after the last failure, through an outage of any length. Once that window is over, asking
   * this asks the upstream (one `probe`, shared), so the next answer says whether it is back with no client asking.
   */
  foundReachable(): boolean {
    if (this.#options.offline) return false;
    if (this.#lastFound !== 'unreachable') return true;
    if (this.reachable) void this.probe();
    return false;
  }

  get offlineMode(): boolean {
    return this.#options.offline;
  }

  /** The `Authorization` of the mirror's own calls (its token; none: anonymous), as the Hub client sends it. */
  get ownAuthorization(): string | undefined {
    return bearerOf(this.#options.hub().token);
  }

  /**
   * What is left (ms) of the wait this upstream asked with a `429` of the requests of `bucket` with
   * `authorization` (src/hub/rate-limit-windows.ts); undefined when there is none.
   */
  rateLimitLeftMs(bucket: RateLimitBucket, authorization: string | undefined): number | undefined {
    return this.#rateLimits.leftMs(this.endpoint, bucket, authorization);
  }

  /** This upstream answered a request of `bucket` with `authorization` with a `429` that asks `waitMs`. */
  noteRateLimit(bucket: RateLimitBucket, authorization: string | undefined, waitMs: number): void {
    this.#rateLimits.note(this.endpoint, bucket, authorization, waitMs);
  }

  /**
   * A `429` that asked for `waitMs`, answered to a request of the mirror's own pulls, or of the server's own
   * downloads (made with its token, as its metadata calls are) to `url`: remembered as send remembers its own (noteRateLimit), for the bucket of the
   * URL (rateLimitBucketOfUrl). A URL outside the endpoint (the CDN a resolve redirected to) is the resolvers bucket
   * of the mirror's token: the CDN gets no token, but its signed URL is the answer to a resolve made with it.
   */
  noteOwnRateLimitAt(url: string, waitMs: number): void {
    const bucket = rateLimitBucketOfUrl(url, this.endpoint);
    if (bucket !== undefined) this.noteRateLimit(bucket, this.ownAuthorization, waitMs);
  }

  /**
   * One request to `{endpoint}{pathAndQuery}`; redirects are not followed (the caller decides). Throws
   * UpstreamUnreachable when offline or on a transport failure; HTTP errors are returned, not thrown. A `429`
   * that asks for a wait is remembered (noteRateLimit): until it is over, a request that would count against the
   * same quota is answered here, `429` with what is left of it as `Retry-After`, and the upstream is not asked.
   */
  async send(
    method: 'GET' | 'HEAD' | 'POST',
    pathAndQuery: string,
    options: { authorization?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
  ): Promise<UpstreamResponse> {
    if (this.#options.offline) throw new UpstreamUnreachable('the mirror runs with --mirror-offline');
    if (!this.reachable) throw new UpstreamUnreachable(`${this.endpoint} was unreachable moments ago`);
    const bucket = rateLimitBucketOf(pathAndQuery);
    const waitLeftMs = this.rateLimitLeftMs(bucket, options.authorization);
    if (waitLeftMs !== undefined) return rememberedRateLimit(waitLeftMs);
    const headers: Record<string, string> = {
      'user-agent': hubgetUserAgent(),
      ...options.headers,
      ...(options.authorization ? { authorization: options.authorization } : {}),
    };
    const timeout = this.#options.timeoutMs ?? 20_000;
    const endpoint = this.endpoint;
    try {
      const response = await httpDispatcher().request({
        ...urlTarget(`${endpoint}${pathAndQuery}`),
        method,
        headers,
        ...(options.body === undefined ? {} : { body: options.body }),
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      const body = method === 'HEAD' ? Buffer.alloc(0) : Buffer.from(await response.body.arrayBuffer());
      if (method === 'HEAD') await response.body.dump();
      this.noteContact();
      const waitMs = response.statusCode === 429 ? serverDelayMs(429, response.headers) : undefined;
      if (waitMs !== undefined) this.noteRateLimit(bucket, options.authorization, waitMs);
      return { status: response.statusCode, headers: response.headers, body };
    } catch (error) {
      if (isRetryableNetworkError(error)) {
        this.markUnreachable();
        throw new UpstreamUnreachable(`cannot reach ${new URL(endpoint).host}`);
      }
      throw error;
    }
  }

  /** The upstream answered (any HTTP status: it is there). */
  noteContact(): void {
    this.#lastContact = this.#now();
    this.#lastFound = 'answered';
  }

  markUnreachable(): void {
    this.#unreachableUntil = this.#now() + (this.#options.retryAfterMs ?? 10_000);
    this.#lastFound = 'unreachable';
    this.#unreachableListeners.emit();
  }

  /** Calls `listener` each time the upstream is marked unreachable; returns the function that stops it. */
  onUnreachable(listener: () => void): () => void {
    return this.#unreachableListeners.add(listener);
  }

  /**
   * Whether the upstream answers now (any HTTP status): one `HEAD` of its root, shared by concurrent callers,
   * even when it answered lately; a transport failure marks it unreachable (send). False while unreachable.
   */
  probe(): Promise<boolean> {
    if (!this.reachable) return Promise.resolve(false);
    this.#probing ??= this.send('HEAD', '/')
      .then(
        () => true,
        (error: unknown) => !(error instanceof UpstreamUnreachable),
      )
      .finally(() => {
        this.#probing = undefined;
      });
    return this.#probing;
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }
}

/** The `429` a request gets while the upstream's wait for its quota lasts (Upstream.send), as the upstream's. */
function rememberedRateLimit(waitLeftMs: number): UpstreamResponse {
  const message = rememberedRateLimitMessage(waitLeftMs);
  return {
    status: 429,
    headers: {
      'content-type': 'application/json',
      'retry-after': String(retryAfterSeconds(waitLeftMs)),
      'x-error-message': message,
    },
    body: Buffer.from(JSON.stringify({ error: message })),
  };
}
