/**
 * When the mirror takes its upstream for gone on the word of its pulls (docs/mirror.md, "Offline and
 * cache-first"). The engine reports a refused, reset or timed-out connection as TRANSFER_FAILED (or STALLED)
 * and retries it; a request the upstream answered (5xx, 429, expired URL) has other codes. At a pull's
 * attempt without an HTTP answer the upstream is asked once whether it is still there (Upstream.probe): a
 * dropped connection of an upstream that answers is only the engine's to retry; one that does not answer is
 * marked unreachable, and the requests waiting on pulls are answered from the cache (file-requests.ts). While
 * it is marked, each further attempt of a pull that could not reach it keeps it marked for the full window.
 */
import type { ErrorCode } from '../errors.js';
import type { Upstream } from './upstream.js';

/** Codes of the engine's failures that got no HTTP answer (src/transfer/classify-error.ts, stall watchdog). */
const NO_ANSWER_CODES: ReadonlySet<ErrorCode> = new Set([
  'TRANSFER_FAILED',
  'STALLED',
  'NETWORK_UNREACHABLE',
]);

/**
 * Whether a failed attempt got an HTTP answer from the upstream (5xx, 429, an expired URL): the upstream is there
 * but refuses or fails, which no probe of it would tell (file-requests.ts answers such a pull's waiting client).
 */
export function answeredByUpstream(code: ErrorCode): boolean {
  return !NO_ANSWER_CODES.has(code);
}

export class UpstreamWatch {
  readonly #upstream: Upstream;

  constructor(upstream: Upstream) {
    this.#upstream = upstream;
  }

  /** A pull's attempt (or the whole pull, given up) failed with `code`. */
  pullFailed(code: ErrorCode): void {
    if (answeredByUpstream(code)) return;
    // Its transfer could not even reach the upstream: no need to ask (the error says so itself).
    if (code === 'NETWORK_UNREACHABLE' || !this.#upstream.reachable) {
      this.#upstream.markUnreachable();
      return;
    }
    void this.#upstream.probe();
  }
}
