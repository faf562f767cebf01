/**
 * Colour class of a throughput figure (the original panel's "colour-coded" network footer):
 * idle < 10 kB/s ≤ low < 1 MB/s ≤ medium < 20 MB/s ≤ high. Decimal units, like formatSpeed.
 */
export type SpeedLevel = 'idle' | 'low' | 'medium' | 'high';

export const SPEED_THRESHOLDS_BYTES_PER_SECOND = {
  low: 10e3,
  medium: 1e6,
  high: 20e6,
} as const;

export function speedLevel(bytesPerSecond: number): SpeedLevel {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < SPEED_THRESHOLDS_BYTES_PER_SECOND.low) {
    return 'idle';
  }
  if (bytesPerSecond < SPEED_THRESHOLDS_BYTES_PER_SECOND.medium) return 'low';
  if (bytesPerSecond < SPEED_THRESHOLDS_BYTES_PER_SECOND.high) return 'medium';
  return 'high';
}
