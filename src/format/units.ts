/**
 * Human units for sizes, speeds and durations: the one definition used by the CLI, the jobs service's
 * notifications, the external-download watcher's log lines and the web UI. Pure (no Node imports), so
 * the UI bundles it.
 *
 * Sizes are decimal SI units (1 kB = 10^3 bytes, 1 GB = 10^9 bytes), as the Hub's file listing and
 * `hf download`'s bars show them, so numbers match across tools; a "GB" is never 2^30 bytes (that would
 * be "GiB"). Durations use SI symbols: s, min, h, d.
 *
 * Durations, one rule for every face (the CLI's bars and summary, the notifications, the web UI's History):
 * - a time to come (an ETA, a wait's time left: formatDuration) is whole seconds, a wait's rounded up by its
 *   caller so one that still runs never reads `0 s`: it is counted down, and a tenth would only flicker;
 * - a time taken (a run, its fetching, its wait for the Hub: formatTook) keeps its tenths under 10 s (`0.7 s`,
 *   `3.3 s`), and under 0.1 s is said in ms (`36 ms`): a short run is not `0 s`, and `fetched in 0.7 s` beside
 *   `waited 3.3 s for the Hub` reads alike in the CLI's summary and a job's History (the History read `under 1 s`
 *   and `waited 3 s`, the CLI `0.7 s` and `3.3 s`);
 * - from 10 s on both read alike: `12 s`, `3 min 05 s`, `2 h 07 min`, `3 d 4 h`.
 */

/** A count and its noun: `1 file`, `3 files` (English plural with -s). */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** What every formatter prints for a value that is unknown (null, NaN, negative). */
export const UNKNOWN_VALUE = '—';

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

function known(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && Number.isFinite(value) && value >= 0;
}

/** The value in its largest unit (below 1000), promoted when rounding to `digits` would read "1000.00". */
function scale(bytes: number, digits: number): { value: number; index: number } {
  let value = bytes;
  let index = 0;
  while (value >= 1000 && index < DECIMAL_UNITS.length - 1) {
    value /= 1000;
    index++;
  }
  if (index > 0 && index < DECIMAL_UNITS.length - 1 && Number(value.toFixed(digits)) >= 1000) {
    value /= 1000;
    index++;
  }
  return { value, index };
}

/** `512 B`, `1.50 kB`, `5.88 GB`, `12.00 GB`: whole bytes, else `fractionDigits` decimals. */
export function formatBytes(bytes: number | null | undefined, fractionDigits = 2): string {
  if (!known(bytes)) return UNKNOWN_VALUE;
  const { value, index } = scale(bytes, fractionDigits);
  return index === 0 ? `${Math.round(value)} B` : `${value.toFixed(fractionDigits)} ${DECIMAL_UNITS[index]}`;
}

/** `45.2 MB/s`, `120 kB/s`, `0 B/s`: three significant digits, so a live number keeps its width. */
export function formatSpeed(bytesPerSecond: number | null | undefined): string {
  if (bytesPerSecond === null || bytesPerSecond === undefined || Number.isNaN(bytesPerSecond)) {
    return UNKNOWN_VALUE;
  }
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '0 B/s';
  const { value, index } = scale(bytesPerSecond, 1);
  if (index === 0) return `${Math.round(value)} B/s`;
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${DECIMAL_UNITS[index]}/s`;
}

/** `45 s`, `3 min 05 s`, `2 h 07 min`, `3 d 4 h` (an ETA, an elapsed time, an idle time). */
export function formatDuration(seconds: number | null | undefined): string {
  if (!known(seconds)) return UNKNOWN_VALUE;
  const total = Math.round(seconds);
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${String(total % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** `ETA 3 min 05 s`: the time left, as every progress line and bar says it. */
export function formatEta(seconds: number | null | undefined): string {
  return `ETA ${formatDuration(seconds)}`;
}

/** Below this many seconds a time taken shows its tenths. */
const TENTHS_BELOW_SECONDS = 10;

/**
 * How long something took (the rule above): `36 ms`, `0.4 s`, `9.8 s`, then as formatDuration (`12 s`,
 * `3 min 05 s`); `under 1 ms` rather than a `0 ms` that reads as nothing happened.
 */
export function formatTook(seconds: number | null | undefined): string {
  if (!known(seconds)) return UNKNOWN_VALUE;
  const ms = Math.round(seconds * 1000);
  if (ms < 1) return 'under 1 ms';
  if (ms < 100) return `${ms} ms`;
  const tenths = Math.round(seconds * 10);
  if (tenths < TENTHS_BELOW_SECONDS * 10) return `${(tenths / 10).toFixed(1)} s`;
  return formatDuration(seconds);
}

/** `1.2M`, `35K`, `999`: counts as the Hub shows them (downloads, likes). */
export function formatCount(value: number): string {
  return new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** `2025-01-31` from an ISO timestamp; UNKNOWN_VALUE when unknown. */
export function formatDay(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : UNKNOWN_VALUE;
}

/** `629.15 MB fetched by another download`: bytes another hubget download put in place for a run (CLI and web UI). */
export function fetchedByAnotherDownload(bytes: number): string {
  return `${formatBytes(bytes)} fetched by another download`;
}

/**
 * `1.20 GB copied from the HF cache` (`… from the local dir /m/x`): bytes a run copied instead of fetching them,
 * `from` the words of where (copyPlacesWords; a job's History: job-figures.ts). Those of them hard-linked instead of
 * copied (`linkedBytes`: a fork's weights, which take no room) are said so: `16.00 GB linked from org/base in the HF
 * cache (no room taken)`, or `16.00 GB linked (no room taken) and 22 B copied from …` beside real copies.
 */
export function copiedFrom(bytes: number, from: string, linkedBytes = 0): string {
  if (linkedBytes <= 0) return `${formatBytes(bytes)} copied from ${from}`;
  if (linkedBytes >= bytes) return `${formatBytes(bytes)} linked from ${from} (no room taken)`;
  return `${formatBytes(linkedBytes)} linked (no room taken) and ${formatBytes(bytes - linkedBytes)} copied from ${from}`;
}

/**
 * Of `bytes` a plan copies, those it will hard-link instead (`linkedBytes`: a fork's weights another repo's folder
 * of the HF cache holds, which take no room): `linked: no room taken` when all are, `300.00 kB of it linked: no room
 * taken` when some are, '' when none. The CLI's plan line and `--dry-run`, the web UI's preview.
 */
export function linkedOfCopyWords(bytes: number, linkedBytes = 0): string {
  if (linkedBytes <= 0) return '';
  if (linkedBytes >= bytes) return 'linked: no room taken';
  return `${formatBytes(linkedBytes)} of it linked: no room taken`;
}

/** Seconds between two ISO timestamps, null when either is missing (a job's start to finish: its History, its notification). */
export function secondsBetween(startIso: string | null, endIso: string | null): number | null {
  if (!startIso || !endIso) return null;
  const ms = Date.parse(endIso) - Date.parse(startIso);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : null;
}
