/**
 * The ETA rule, one for every face (the engine's progress events and so the CLI and the web UI's jobs, the
 * watched external downloads): seconds until `remainingBytes` are fetched at the measured rate, rounded up,
 * or null when there is no honest answer:
 * - the rate is unknown, or measured from too little data: bytes that arrived within less than
 *   MIN_ETA_SAMPLED_MS (one small file, a single burst) say nothing about the rate to come — a 22-byte
 *   config.json followed by failing requests read as 4 B/s, "ETA 604 d";
 * - the ETA exceeds MAX_ETA_SECONDS: at such a rate it is no prediction (the rate changes long before).
 * 0 only when nothing remains; while bytes remain it is at least 1 s.
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
