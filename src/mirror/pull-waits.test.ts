/**
 * stopWaitingWhenRefused: a body streaming from a pull is cut only when the pull as a whole waits for the upstream
 * longer than a client waits for a byte (its job's `waits`: none of its connections open), not when one connection's
 * attempt fails with a long Retry-After while others deliver (docs/mirror-offline.md).
 */
import { describe, expect, it } from 'vitest';
import { InFlightBlob } from './in-flight-blob.js';
import type { FailedAttemptError } from './pull-through.js';
import { stopWaitingWhenRefused } from './pull-waits.js';

const UNAVAILABLE: FailedAttemptError = {
  code: 'HUB_HTTP_ERROR',
  message: 'Server answered 503 for bytes=0-9',
  status: 503,
  retryAfterMs: 60_000,
};

/** A blob half written, its fetch still running. */
function halfWritten(): InFlightBlob {
  const blob = new InFlightBlob({ blobPath: '/nowhere/blob', size: 100, done: new Promise(() => {}) });
  blob.written('/nowhere/blob.part', 0, 50);
  return blob;
}

describe('stopWaitingWhenRefused', () => {
  it('rides out one failed attempt with a long wait: another connection of the pull may deliver', () => {
    const blob = halfWritten();
    const watch = stopWaitingWhenRefused(blob);
    blob.failures.attemptFailed(UNAVAILABLE);
    expect(watch.signal.aborted).toBe(false);
    // Its cause is known to a request whose status is due with no byte (firstBytesOrFailure).
    expect(blob.failures.failing?.message).toBe(UNAVAILABLE.message);
    watch.stop();
  });

  it('cuts the body once the pull as a whole waits longer than a client waits for a byte', () => {
    const blob = halfWritten();
    const watch = stopWaitingWhenRefused(blob);
    blob.failures.waits({ error: UNAVAILABLE, leftMs: 5000 });
    expect(watch.signal.aborted).toBe(false);
    blob.failures.waits({ error: UNAVAILABLE, leftMs: 60_000 });
    expect(watch.signal.aborted).toBe(true);
    expect(String(watch.signal.reason)).toMatch(
      /has it wait 60 s, none of its connections open \(Server answered 503/,
    );
    watch.stop();
  });

  it('cuts a body that begins while the pull waits, and none once it wrote again', () => {
    const blob = halfWritten();
    blob.failures.waits({ error: UNAVAILABLE, leftMs: 60_000 });
    expect(stopWaitingWhenRefused(blob).signal.aborted).toBe(true);
    blob.written('/nowhere/blob.part', 50, 60);
    expect(blob.failures.wait).toBeUndefined();
    expect(stopWaitingWhenRefused(blob).signal.aborted).toBe(false);
  });
});
