/**
 * Whether a download fits in the free space at its destination, and the words for one that does not: one rule
 * for the engine's preflight (src/transfer/disk-space.ts, DISK_FULL), the server's preview `message`
 * (src/jobs/job-preview.ts) and the web download form's callout.
 */
import { formatBytes } from './units.js';

/** Nothing to write always fits; else the bytes to write must not be more than the free bytes. */
export function fitsOnDisk(requiredBytes: number, freeBytes: number): boolean {
  return requiredBytes <= 0 || requiredBytes <= freeBytes;
}

/** `Not enough free disk space: the download needs 52.43 MB, 41.94 MB free at /data/hub`. */
export function notEnoughSpaceMessage(requiredBytes: number, freeBytes: number, where: string): string {
  return `Not enough free disk space: the download needs ${formatBytes(requiredBytes)}, ${formatBytes(freeBytes)} free at ${where}`;
}
