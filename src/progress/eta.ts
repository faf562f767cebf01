/**
 * The ETA rule, one for every face (the engine's progress events and so the CLI and the web UI's jobs, the
 * watched external downloads): seconds until `remainingBytes` are fetched at the measured rate, rounded up,
 * or null when there is no honest answer:
 * - the rate is unknown, or measured from too little data: bytes that arrived within less than
 *   MIN_ETA_SAMPLED_MS (one small file, a single burst) say nothing about the rate to come — a 22-byte
 *   config.json followed by failing requests read as 4 B/s, "ETA 604 d";
 * - the ETA exceeds MAX_ETA_SECONDS: at such a rate it is no prediction (the rate changes long before).
 * 0 only when nothing remains; while bytes remain it is at least 1 s. A download whose file waits before a retry,
 * none of its connections open (src/progress/file-waiting.ts), ends no sooner than that wait plus what the file lacks
 * at the rate (etaAfterWaits): one rule for a wait for the Hub (a `429`'s Retry-After, a `5xx` backoff: the other
 * files' bytes said "ETA 23 s" during a 3-minute wait) and a dropped connection's backoff (up to 8 s, which the ETA
 * left out: every connection backing off read the bytes' ETA alone).
 */

/** A measured rate and how long the bytes behind it kept arriving. */
export interface RateReading {
  bytesPerSecond: number;
  /** Time from the first to the last arrival of the bytes the rate is computed from, in ms. */
  sampledMs: number;
}

/** Nothing arriving: no speed, and so no ETA. */
export const NO_RATE: RateReading = Object.freeze({ bytesPerSecond: 0, sampledMs: 0 });

/** Bytes must have kept arriving for this long before their rate predicts anything. */
export const MIN_ETA_SAMPLED_MS = 1000;

/** Longest ETA shown: one week. */
export const MAX_ETA_SECONDS = 7 * 24 * 3600;

export function etaSeconds(remainingBytes: number, rate: RateReading): number | null {
  if (!(remainingBytes > 0)) return 0;
  const { bytesPerSecond, sampledMs } = rate;
  if (!(bytesPerSecond > 0) || !Number.isFinite(bytesPerSecond)) return null;
  if (!(sampledMs >= MIN_ETA_SAMPLED_MS)) return null;
  const seconds = Math.ceil(remainingBytes / bytesPerSecond);
  return seconds <= MAX_ETA_SECONDS ? Math.max(1, seconds) : null;
}

/** A file that waits `leftMs` more before its next try (the Hub's wait, a backoff), and then lacks `lacksBytes`. */
export interface WaitAhead {
  leftMs: number;
  lacksBytes: number;
}

/**
 * etaSeconds, and no shorter than any wait ahead's time left plus what its file lacks at the rate; null (no
 * honest answer) while a file waits and no rate is measured: nothing says how long its bytes take after it.
 */
export function etaAfterWaits(
  remainingBytes: number,
  rate: RateReading,
  waits: Iterable<WaitAhead>,
): number | null {
  let eta = etaSeconds(remainingBytes, rate);
  for (const { leftMs, lacksBytes } of waits) {
    if (!(leftMs > 0)) continue;
    const after = etaSeconds(lacksBytes, rate);
    if (eta === null || after === null) return null;
    eta = Math.max(eta, Math.ceil(leftMs / 1000) + after);
  }
  return eta;
}
