/**
 * Human units for sizes, speeds and durations. Decimal units (1 GB = 1e9 bytes), like the original
 * Model Manager panel ("5.88 GB / 12.00 GB") and like the Hub's own size display.
 */

const SIZE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

function scale(bytes: number): { value: number; unit: (typeof SIZE_UNITS)[number] } {
  let value = Math.max(0, bytes);
  let index = 0;
  while (value >= 1000 && index < SIZE_UNITS.length - 1) {
    value /= 1000;
    index++;
  }
  // 999.996 MB rounds to "1000.00 MB"; promote so it reads "1.00 GB".
  if (index > 0 && index < SIZE_UNITS.length - 1 && Number(value.toFixed(2)) >= 1000) {
    value /= 1000;
    index++;
  }
  return { value, unit: SIZE_UNITS[index]! };
}

/** `12.00 GB`, `5.88 GB`, `512 B`: two decimals above bytes. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  const { value, unit } = scale(bytes);
  return unit === 'B' ? `${Math.round(value)} B` : `${value.toFixed(2)} ${unit}`;
}

/** `5.88 GB / 12.00 GB` */
export function formatProgressBytes(downloaded: number, total: number): string {
  return `${formatBytes(downloaded)} / ${formatBytes(total)}`;
}

/** `45.2 MB/s`, `120 KB/s`, `0 B/s`: three significant digits, like the original badge. */
export function formatSpeed(bytesPerSecond: number | null | undefined): string {
  if (bytesPerSecond === null || bytesPerSecond === undefined || !Number.isFinite(bytesPerSecond)) {
    return '—';
  }
  const { value, unit } = scale(bytesPerSecond);
  if (unit === 'B') return `${Math.round(value)} B/s`;
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${unit}/s`;
}

/** ETA / durations: `45 s`, `3 min 05 s`, `2 h 07 min`; null → `—`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const total = Math.round(seconds);
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${String(total % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** `49.5%`: always one decimal (the API's precision) so the column keeps its width. */
export function formatPercent(percent: number): string {
  const clamped = Math.min(100, Math.max(0, Number.isFinite(percent) ? percent : 0));
  return `${clamped.toFixed(1)}%`;
}

/** Seconds between two ISO timestamps, null when either is missing. */
export function secondsBetween(startIso: string | null, endIso: string | null): number | null {
  if (!startIso || !endIso) return null;
  const ms = Date.parse(endIso) - Date.parse(startIso);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : null;
}

/** Parses "10 MB/s"-style user input pieces into bytes/s; `value` ≤ 0 or empty means "no limit" (0). */
export const RATE_UNITS = { 'KB/s': 1e3, 'MB/s': 1e6, 'GB/s': 1e9 } as const;
export type RateUnit = keyof typeof RATE_UNITS;

export function rateToBytesPerSecond(value: number, unit: RateUnit): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  return Math.round(value * RATE_UNITS[unit]);
}

/** Splits bytes/s into the largest unit that keeps the number ≥ 1 (for editing a limit). */
export function bytesPerSecondToRate(bytesPerSecond: number): { value: number; unit: RateUnit } {
  if (bytesPerSecond >= 1e9) return { value: +(bytesPerSecond / 1e9).toFixed(3), unit: 'GB/s' };
  if (bytesPerSecond >= 1e6) return { value: +(bytesPerSecond / 1e6).toFixed(3), unit: 'MB/s' };
  return { value: +(bytesPerSecond / 1e3).toFixed(3), unit: 'KB/s' };
}
