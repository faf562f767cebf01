/**
 * A small file waiting for its fetch slot asks its `/resolve/` URL where the bytes are (the redirect's
 * `Location`) while it waits, so that once its slot is free it GETs the bytes at once: one round trip in the
 * slot instead of two. On a many-file download the slot time of each file is mostly round trips (the Hub
 * answers `/resolve/` with a 307 to its resolve cache or a 302 to the CDN, docs/hub-protocol.md §1.4,
 * docs/hub-downloaders.md §6.6),
 * so this is what keeps the fetch slots busy with bytes (docs/transfer-engine.md, "Locating ahead").
 *
 * - Only files below LOCATE_AHEAD_MAX_BYTES: for a large file one round trip is nothing, and its wait for a
 *   slot may outlast the signed URL.
 * - The ask is `GET` with `Range: bytes=0-0`, the request the transfer itself would send first (never a `HEAD`,
 *   whose signed redirect need not be valid for a `GET`). A redirect's small body is read to its end so the
 *   connection stays reusable. A server that answers with the bytes themselves (a mirror, a plain file server)
 *   cost one byte: the run stops locating (`LocateAhead` below), since there is nothing to save there.
 * - Locating takes a connection of the run's budget only when one is free, and never a fetch slot; the
 *   located URL is used once, for the file's first request; a refresh after an expiry asks `/resolve/` again.
 * - A failed or slow ask costs nothing but itself: the transfer then starts at `/resolve/` as before, with
 *   its own retries and stall watchdog.
 */
import type { Dispatcher } from 'undici';
import type { RetryPolicy } from '../hub/retry-policy.js';
import { noteRateLimited } from './host-rate-limit.js';
import { dispatchOnce } from './range-request.js';
import { headersForRedirect } from './transfer-url.js';
import type { ConnectionBudget, RequestGate, UrlResolver } from './types.js';

/** Files at most this large are located while they wait for a fetch slot. */
export const LOCATE_AHEAD_MAX_BYTES = 8 * 1024 * 1024;
/** A located URL older than this is not used (signed CDN URLs live about an hour, docs/hub-downloaders.md §6.6). */
export const LOCATED_URL_MAX_AGE_MS = 5 * 60_000;
/** Asks failed in a row after which a run stops asking. */
export const LOCATE_MAX_FAILED_ASKS = 3;
/** How long a file that got its slot still waits for its ask to come back before going to `/resolve/` itself. */
export const LOCATE_GRACE_MS = 2_000;

export interface LocatedUrl {
  url: string;
  headers: Record<string, string>;
  atMs: number;
}

/**
 * The run's view of its server: `unknown` until one ask came back (only one ask at a time until then),
 * `redirects` (every waiting small file locates), `off` (nobody locates any more: the resolve URL serves the
 * bytes itself, or LOCATE_MAX_FAILED_ASKS asks in a row failed — a server refusing or rate-limiting `/resolve/`
 * is not asked twice per file).
 */
export class LocateAhead {
  #state: 'unknown' | 'probing' | 'redirects' | 'off' = 'unknown';
  #failedInARow = 0;

  /** True when a file that is about to wait may ask now; the caller then reports with `learned`. */
  mayAsk(): boolean {
    if (this.#state === 'redirects') return true;
    if (this.#state !== 'unknown') return false;
    this.#state = 'probing';
    return true;
  }

  /** What an ask found: a redirect, the bytes themselves, or nothing (failed, refused, too slow, aborted). */
  learned(outcome: 'redirect' | 'direct' | 'failed'): void {
    if (outcome === 'redirect') {
      this.#state = 'redirects';
      this.#failedInARow = 0;
    } else if (outcome === 'direct' || ++this.#failedInARow >= LOCATE_MAX_FAILED_ASKS) this.#state = 'off';
    else if (this.#state === 'probing') this.#state = 'unknown';
  }
}

export interface LocateRequest {
  resolveUrl: UrlResolver;
  /** The file's size from the listing (a direct answer's `Content-Range` is checked against it). */
  size: number;
  dispatcher: Dispatcher;
  signal: AbortSignal;
  /** Asked before the ask goes out (RequestGate): held or refused, there is no ask; told of its `429`. */
  gate?: RequestGate | undefined;
  /** The file's retry policy: a `429`'s wait held for the quota is the one its range requests would wait. */
  retry: RetryPolicy;
}

type AskResult = { kind: 'redirect'; location: string } | { kind: 'direct' } | { kind: 'failed' };

/** One `GET` of the first byte at the resolve URL (range-request.ts), reporting where it redirects; never rejects. */
async function ask(request: LocateRequest, url: string, headers: Record<string, string>): Promise<AskResult> {
  let direct = false;
  try {
    const { size, dispatcher, signal } = request;
    const { location } = await dispatchOnce(
      { url, headers, start: 0, end: 1, size, dispatcher, signal },
      url,
      { ...headers, range: 'bytes=0-0', 'accept-encoding': 'identity' },
      {
        start(response, control) {
          direct = true;
          // Range ignored: the whole file would follow; the connection is not worth it.
          if (response.kind === 'full') control.abort(new Error('locate: the whole body came back'));
        },
        data: () => true,
      },
    );
    if (location !== undefined) return { kind: 'redirect', location };
  } catch (error) {
    // A refused or failed ask tells nothing; the transfer will meet the same answer with its retries. A `429` is one
    // the Hub counted: it holds the requests of its quota, as a range request's does (host-rate-limit.ts).
    noteRateLimited(request.gate, url, error, request.retry);
  }
  return direct ? { kind: 'direct' } : { kind: 'failed' };
}

/**
 * Asks where a file's bytes are, with a connection of `budget` (none free: no ask). Resolves to the
 * located URL, or undefined (no redirect, failure, abort); never rejects.
 */
export async function locateFile(
  request: LocateRequest,
  run: LocateAhead,
  budget: ConnectionBudget,
): Promise<LocatedUrl | undefined> {
  if (budget.available === 0 || request.signal.aborted || !run.mayAsk()) return undefined;
  let release: (() => void) | undefined;
  let outcome: 'redirect' | 'direct' | 'failed' = 'failed';
  try {
    release = await budget.acquire(request.signal);
    const { url, headers } = await request.resolveUrl('initial');
    // A wait of its quota lasts (another request's `429`): no ask, which would only meet the same answer.
    if (request.gate?.heldMs?.(url) !== undefined) return undefined;
    request.gate?.check?.(url);
    const answer = await ask(request, url, headers);
    outcome = answer.kind;
    if (answer.kind !== 'redirect') return undefined;
    const location = new URL(answer.location, url).toString();
    return { url: location, headers: headersForRedirect(url, location, headers), atMs: Date.now() };
  } catch {
    return undefined;
  } finally {
    release?.();
    run.learned(outcome);
  }
}

/**
 * The file's resolver with its first `initial` answer taken from `located` (when still fresh); every later
 * call (a refresh after an expiry, a restart after a content change) asks the real resolver.
 */
export function withLocatedUrl(
  resolveUrl: UrlResolver,
  located: LocatedUrl | undefined,
  now: () => number = Date.now,
): UrlResolver {
  if (located === undefined) return resolveUrl;
  let unused = true;
  return async (reason) => {
    if (reason === 'initial' && unused && now() - located.atMs <= LOCATED_URL_MAX_AGE_MS) {
      unused = false;
      return { url: located.url, headers: { ...located.headers } };
    }
    unused = false;
    return resolveUrl(reason);
  };
}
