/**
 * A running job that receives nothing, said as soon as it is noticeable: the server counts the seconds
 * without a byte (`noDataSeconds`) from the first quiet one, while its own stall flag (`stalled`,
 * `stallReason`) only comes at the stall timeout (30 s by default), when the engine reconnects. The state
 * chip, the bar and the warning line read this one rule wherever a job is shown. Not so another program's
 * download (kind 'external'): hubget sees only its files, which stop changing between two files of it and in its
 * retries' waits (docs/external-downloads.md, "End"), so its chip, bar and warning follow the stall rule alone (the
 * watcher's `stalled`, after the stall timeout); its quiet seconds before are a note (externalQuietNote).
 */
import type { JobView } from '../../../src/api-types.js';
import { nextTryWords, retryForWords } from '../../../src/format/retry-limit-words.js';
import { sanitizeMessage } from '../api/errors.js';
import { formatDuration } from './units.js';

/** Seconds without a byte after which a running job says so: the short gaps of a healthy download stay quiet. */
const NO_DATA_NOTICE_SECONDS = 5;

/** Running and nothing arriving: quiet for NO_DATA_NOTICE_SECONDS, or stalled by the server (external: stalled). */
export function receivesNothing(job: Pick<JobView, 'state' | 'kind' | 'stalled' | 'noDataSeconds'>): boolean {
  if (job.state !== 'running') return false;
  return job.stalled || (job.kind !== 'external' && quietLong(job));
}

function quietLong(job: Pick<JobView, 'noDataSeconds'>): boolean {
  return job.noDataSeconds >= NO_DATA_NOTICE_SECONDS;
}

/**
 * The warning line of a job that receives nothing, null otherwise: the server's reason once it stalls,
 * else how long nothing came, and in how long hubget reconnects by itself ("No data for 12 s — hubget reconnects by
 * itself in 18 s (after 30 s without data)") (`stallTimeoutMs`, the setting; null when not
 * known yet). Another program's download is only watched: its files stopped changing, no reconnect. Nothing
 * while a request waits for the Hub and the job is not stalled: its wait line says why nothing arrives.
 */
export function noDataWarning(job: JobView, stallTimeoutMs: number | null): string | null {
  if (!receivesNothing(job)) return null;
  // A request that waits for the Hub (a `429`'s Retry-After, a `5xx` backoff) is said by its own line, counted
  // down (RetryWaitLines): the warning would say the same wait a second time.
  if (job.waits.length > 0 && !job.stalled) return null;
  // Requests failing since the last byte (an outage the job rides out): what failed, the try, and until when
  // hubget keeps at it (the engine's limit: "(try 8 of 40)", "(try 8), for up to 5 min without progress").
  if (job.retrying) {
    const { attempt, limit } = job.retrying;
    return `${retryLine(job.retrying)} (${nextTryWords(attempt, limit)})${retryForWords(limit, attempt)}`;
  }
  if (job.stalled) return job.stallReason ?? 'No data received — reconnecting';
  const quiet = formatDuration(job.noDataSeconds);
  if (stallTimeoutMs === null) return `No data for ${quiet}`;
  // When, counted down: "after 30 s without data" beside "No data for 12 s" left the sum to the reader, and did not
  // say that nothing is asked of them (a slow download shows a speed and no line; this one recovers by itself).
  const timeout = stallTimeoutMs / 1000;
  const left = Math.max(0, timeout - job.noDataSeconds);
  const when = left > 0 ? `in ${formatDuration(left)}` : 'now';
  return `No data for ${quiet} — hubget reconnects by itself ${when} (after ${formatDuration(timeout)} without data)`;
}

/**
 * Another program's download whose files stopped changing, before the stall rule flags it: a fact, said as a note
 * rather than a warning, "No file activity for 16 s" (its state stays "Downloading"); null otherwise.
 */
export function externalQuietNote(
  job: Pick<JobView, 'state' | 'kind' | 'stalled' | 'noDataSeconds'>,
): string | null {
  if (job.kind !== 'external' || job.state !== 'running' || job.stalled || !quietLong(job)) return null;
  return `No file activity for ${formatDuration(job.noDataSeconds)}`;
}

/**
 * A failed request, said as a retry: "Cannot reach 127.0.0.1:18904 (ECONNREFUSED) — retrying" for a host
 * nothing answers on (the server says which, `unreachable`), else the message itself as every server message
 * is shown (sanitizeMessage).
 */
function retryLine(retrying: NonNullable<JobView['retrying']>): string {
  const { unreachable } = retrying;
  if (unreachable)
    return `Cannot reach ${sanitizeMessage(unreachable.host ?? 'the server')} (${sanitizeMessage(unreachable.code)}) — retrying`;
  return `${sanitizeMessage(retrying.message)} — retrying`;
}
