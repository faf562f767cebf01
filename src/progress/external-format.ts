/** Byte and duration formatting for the watcher's log lines, in the original Model Manager's style. */

const KIB = 1024;
const MIB = KIB * 1024;
const GIB = MIB * 1024;

/** `12.00 GB`, `6016.0 MB`-style (binary multiples, as the original printed them). */
export function formatBytes(bytes: number): string {
  if (bytes >= GIB) return `${(bytes / GIB).toFixed(2)} GB`;
  if (bytes >= MIB) return `${(bytes / MIB).toFixed(1)} MB`;
  if (bytes >= KIB) return `${(bytes / KIB).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** Always in MB with one decimal, as in `Found partial file: … (6016.0 MB)`. */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MB`;
}

export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  return `${Math.round(minutes / 60)}h`;
}
