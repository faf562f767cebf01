/**
 * A callback for the moment the next HTTP request of this process has gone out: work that must happen anyway
 * and blocks the event loop (loading a native addon) is done then, while the answer is on the network,
 * instead of before the request (where it delays it) or after the answer (where it delays what follows).
 * Read from undici's `undici:client:sendHeaders` diagnostics channel, which it publishes only while someone
 * listens: subscribed until the first request's headers are written, so no request after it pays for it.
 */
import { channel } from 'node:diagnostics_channel';

const SEND_HEADERS = 'undici:client:sendHeaders';

/**
 * Calls `callback` once, on the turn of the event loop after the next request's headers were written.
 * Returns a cancel (idempotent; nothing happens once called), for a caller whose request never went out.
 */
export function afterNextRequestSent(callback: () => void): () => void {
  const sent = channel(SEND_HEADERS);
  let subscribed = true;
  const cancel = () => {
    if (!subscribed) return;
    subscribed = false;
    sent.unsubscribe(onSent);
  };
  function onSent(): void {
    cancel();
    setImmediate(callback);
  }
  sent.subscribe(onSent);
  return cancel;
}
