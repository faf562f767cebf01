/**
 * Seconds until `remainingBytes` are fetched at `bytesPerSecond`, rounded up; null when unknown
 * (no speed yet, or a stalled transfer), 0 when nothing remains.
 */
export function etaSeconds(remainingBytes: number, bytesPerSecond: number): number | null {
  if (!(remainingBytes > 0)) return 0;
  if (!(bytesPerSecond > 0) || !Number.isFinite(bytesPerSecond)) return null;
  return Math.ceil(remainingBytes / bytesPerSecond);
}
