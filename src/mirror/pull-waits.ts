/**
 * How a file reply of the mirror (file-requests.ts) waits on a pull: for its first bytes, at most a few seconds
 * before its status goes out (a refusal of the upstream, or the upstream found gone, is answered as such, not with a
 * 200 and a broken body), and no longer once the upstream is found gone (its body is cut where the bytes on disk end).
 */
import { retryAfterSeconds } from '../hub/retry-policy.js';
import { valueWithin } from '../value-within.js';
import type { InFlightBlob } from './in-flight-blob.js';
import type { FailingAttempt, PullWait } from './pull-failures.js';
import type { Upstream } from './upstream.js';
import { answeredByUpstream } from './upstream-watch.js';

/**
 * A body read from a pull stops waiting for bytes when the upstream is found gone (or already is): the pull's
 * job rides the outage out in the background (the server jobs' retry policy, minutes), which no client should
 * wait on with its body stalled. The body sends the bytes already on disk and is cut where they end (or before
 * the last chunk of a response to the file's end: it was never verified, blob-stream.ts); the client asks again
 * and gets the cache's prompt answer (the bytes on disk from where it stopped, or a 503), and the pull caches
 * the file if the upstream returns. A pull with every byte on disk only has to verify it: not stopped.
 * `stop` ends the watch (the body closed).
 */
export function stopWaitingWhenGone(
  blob: InFlightBlob,
  upstream: Upstream,
): { signal: AbortSignal; stop: () => void } {
  const gone = new AbortController();
  const stopWaiting = () => {
    if (!blob.allWritten && !gone.signal.aborted)
      gone.abort(new Error('the upstream became unreachable while this file was pulled'));
  };
  if (!upstream.reachable) stopWaiting();
  return { signal: gone.signal, stop: upstream.onUnreachable(stopWaiting) };
}

/**
 * The longest wait of a pull for the upstream (a `429`'s or `5xx`'s Retry-After, a backoff) that a body waiting on the
 * pull rides out: a client gives up on a body silent longer than its read timeout (huggingface_hub's
 * `HF_HUB_DOWNLOAD_TIMEOUT`, 10 s: docs/hub-protocol.md §1.5). A shorter wait (a `5xx`'s backoff) brings bytes within it.
 */
const LONGEST_WAIT_RIDDEN_OUT_MS = 10_000;

/**
 * A body read from a pull stops waiting for bytes while the pull **as a whole** waits for the upstream longer than
 * LONGEST_WAIT_RIDDEN_OUT_MS: every one of its connections waits before its next try after an error that asked it to
 * (a `429`, a `503` with Retry-After), none open, now or before this body began, with nothing written since
 * (PullFailures.wait: its job's `waits`, docs/job-events.md). One connection of several told to wait is no such wait:
 * the others deliver, and the engine gives them its bytes (src/transfer/segment-scheduler.ts). The body sends the
 * bytes on disk and is cut where they end (never ended as if whole), instead of a `200` whose body stalls for the
 * wait; the client asks again from there and gets the `429` or `503` with what is left of it (upstreamFailing).
 * `stop` ends the watch (the body closed).
 */
export function stopWaitingWhenRefused(blob: InFlightBlob): { signal: AbortSignal; stop: () => void } {
  const refused = new AbortController();
  const check = (wait: PullWait | undefined) => {
    if (wait === undefined || blob.allWritten || refused.signal.aborted) return;
    const leftMs = wait.untilMs - Date.now();
    if (leftMs <= LONGEST_WAIT_RIDDEN_OUT_MS) return;
    refused.abort(
      new Error(
        `the upstream answered this file's pull with an error and has it wait ${retryAfterSeconds(leftMs)} s, none of its connections open (${wait.failing.message})`,
      ),
    );
  };
  check(blob.failures.wait);
  return { signal: refused.signal, stop: blob.failures.onWait(check) };
}

/**
 * How long a file reply waits for a pull's first bytes before its status goes out anyway (the body then
 * waits for them as it streams). A range far into a file being pulled may take minutes to arrive, longer
 * than a client waits for headers (hubget's own: 60 s); a refusal of the upstream comes within this.
 */
const FIRST_BYTES_WAIT_MS = 2000;

/**
 * How long a reply whose pull has no bytes yet after FIRST_BYTES_WAIT_MS waits for the upstream's answer to
 * one `HEAD` (Upstream.probe) before its status goes out anyway; the probe goes on, and a body it finds gone
 * is cut (stopWaitingWhenGone).
 */
const PROBE_WAIT_MS = 1000;

/**
 * Waits for the first bytes from `offset`, at most FIRST_BYTES_WAIT_MS, so that a pull the upstream refuses
 * is answered like any refusal (the Hub's status, X-Error-Code, X-Error-Message), not with a 200 and a
 * broken body; the pull's failure is thrown. 'gone' when the upstream was marked unreachable meanwhile, or is
 * found gone once the wait ends with no byte there: a pull still waiting for a connection makes no attempt
 * that would tell, and once the status is out a reply can only be cut, never be the cache's 503. The error
 * of the pull's last failed attempt, or the cause of its wait as a whole (PullFailures.failing), when the wait ends
 * with no byte there and the upstream answered that attempt (a 5xx: it is there, so a probe would not tell, and the
 * job retries for minutes). 'released' when an
 * operator let the client go meanwhile (`released`: the pull stopped anyway, waiting-clients.ts).
 */
export async function firstBytesOrFailure(
  blob: InFlightBlob,
  offset: number,
  upstream: Upstream,
  released: AbortSignal,
): Promise<'bytes' | 'gone' | 'released' | FailingAttempt> {
  const timeout = AbortSignal.timeout(FIRST_BYTES_WAIT_MS);
  const gone = new AbortController();
  const stopWatching = upstream.onUnreachable(() => gone.abort());
  try {
    await blob.next(offset, AbortSignal.any([timeout, gone.signal, released]));
  } catch (error) {
    if (released.aborted) return 'released';
    if (gone.signal.aborted) return 'gone';
    if (!timeout.aborted) throw error;
    if (!blob.hasBytesAt(offset)) {
      const failing = blob.failures.failing;
      if (failing && answeredByUpstream(failing.code)) return failing;
      return (await probedWithin(upstream, PROBE_WAIT_MS)) ? 'bytes' : 'gone';
    }
  } finally {
    stopWatching();
  }
  return 'bytes';
}

/** Upstream.probe's answer, or true (taken as there) when it has not come within `ms`. */
function probedWithin(upstream: Upstream, ms: number): Promise<boolean> {
  return valueWithin(upstream.probe(), ms, true);
}
