/**
 * Which `retry` events are a wait for the Hub, one rule for every face and count: the request got an answer that
 * asks to retry (408, 429, 5xx: the retry error's `status`, isRetryableStatus), and waits what the server asked
 * (a `429`'s Retry-After) or the policy's backoff before its next try. The other retries follow a failure without
 * such an answer (a dropped connection, a stall, the wrong bytes): hubget opens a new connection after them, and
 * the CLI's summary counts those as connections re-established (src/cli/renderers/reconnect-notices.ts), not the
 * waits, which it says as waits (src/format/retry-wait-words.ts).
 */
import { isRetryableStatus } from '../hub/retry-policy.js';
import type { TransferEvent } from './events.js';

type RetryEvent = Extract<TransferEvent, { type: 'retry' }>;

/** The status of the answer `event` waits after (429, 503…), or undefined when it is not a wait for the Hub. */
export function hubWaitStatus(event: RetryEvent): number | undefined {
  const status = event.error.status;
  return status !== undefined && isRetryableStatus(status) ? status : undefined;
}
