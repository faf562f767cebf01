/**
 * Human-readable sizes, speeds and durations for the CLI. Sizes are decimal (1 GB = 10^9 bytes), as
 * `hf download`'s tqdm bars and the Hub's own file listing show them, so numbers match across tools.
 */

const SIZE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/** `5.88 GB`, `12.00 GB`, `512 B` (as the download panel shows sizes). */
export function formatBytes(bytes: number, fractionDigits = 2): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '? B';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unitIndex = 0;
  while (value >= 1000 && unitIndex < SIZE_UNITS.length - 1) {
    value /= 1000;
    unitIndex++;
  }
  // Rounding can carry into the next unit (999.996 kB → "1000.00 kB"); step up instead.
  if (Number(value.toFixed(fractionDigits)) >= 1000 && unitIndex < SIZE_UNITS.length - 1) {
    value /= 1000;
    unitIndex++;
  }
  return `${value.toFixed(fractionDigits)} ${SIZE_UNITS[unitIndex]}`;
}

/** `45.2 MB/s`; `0 B/s` when idle. */
export function formatBytesPerSecond(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '0 B/s';
  return `${formatBytes(bytesPerSecond, 1)}/s`;
}

/** `2m 20s`, `1h 05m`, `7s`; `--` when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '--';
  const total = Math.round(seconds);
  if (total < 60) return `${total}s`;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (hours === 0) return `${minutes}m ${String(secs).padStart(2, '0')}s`;
  if (hours < 100) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d`;
}

/** Whole percent, never 100 before everything is there (99.6 % shows 99 %). */
export function formatPercent(done: number, total: number): string {
  if (total <= 0) return done >= total ? '100%' : '0%';
  const percent = Math.floor((Math.min(done, total) / total) * 100);
  return `${percent}%`;
}
