/**
 * The UI's units. Sizes, speeds and durations are the shared formatters of src/format/units.ts (decimal
 * units, 1 GB = 10^9 bytes, like the original panel and the Hub; the CLI prints the same strings).
 */
import { formatBytes } from '../../../src/format/units.js';

export { copyPlacesWords } from '../../../src/format/copy-places.js';
export {
  copiedFrom,
  fetchedByAnotherDownload,
  formatBytes,
  formatCount,
  formatDay,
  formatDuration,
  formatEta,
  formatSpeed,
  formatTook,
  plural,
  secondsBetween,
} from '../../../src/format/units.js';

/** `5.88 GB / 12.00 GB` */
export function formatProgressBytes(downloaded: number, total: number): string {
  return `${formatBytes(downloaded)} / ${formatBytes(total)}`;
}

/** `49.5%`: always one decimal (the API's precision) so the column keeps its width. */
export function formatPercent(percent: number): string {
  const clamped = Math.min(100, Math.max(0, Number.isFinite(percent) ? percent : 0));
  return `${clamped.toFixed(1)}%`;
}

/** Parses "10 MB/s"-style user input pieces into bytes/s; `value` ≤ 0 or empty means "no limit" (0). */
export const RATE_UNITS = { 'kB/s': 1e3, 'MB/s': 1e6, 'GB/s': 1e9 } as const;
export type RateUnit = keyof typeof RATE_UNITS;

export function rateToBytesPerSecond(value: number, unit: RateUnit): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  return Math.round(value * RATE_UNITS[unit]);
}

/** Splits bytes/s into the largest unit that keeps the number ≥ 1 (for editing a limit). */
export function bytesPerSecondToRate(bytesPerSecond: number): { value: number; unit: RateUnit } {
  if (bytesPerSecond >= 1e9) return { value: +(bytesPerSecond / 1e9).toFixed(3), unit: 'GB/s' };
  if (bytesPerSecond >= 1e6) return { value: +(bytesPerSecond / 1e6).toFixed(3), unit: 'MB/s' };
  return { value: +(bytesPerSecond / 1e3).toFixed(3), unit: 'kB/s' };
}
