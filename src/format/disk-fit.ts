/**
 * Whether a download fits in the free space at its destination, and the words for one that does not: one rule
 * for the engine's preflight (src/transfer/disk-space.ts, DISK_FULL), the server's preview `message`
 * (src/jobs/job-preview.ts), the model page's fit hint for the HF cache (src/catalog/fit-hint.ts), and the web UI's
 * verdicts: the model page's per quantization for a folder (destination-holds.ts) and the download form's callout.
 * What must fit is what the destination lacks (`fileBytesToWrite`); there is no margin beyond it.
 */
import { formatBytes } from './units.js';

/** Nothing to write always fits; else the bytes to write must not be more than the free bytes. */
export function fitsOnDisk(requiredBytes: number, freeBytes: number): boolean {
  return requiredBytes <= 0 || requiredBytes <= freeBytes;
}

/**
 * What a download writes of a file at its destination: nothing when the destination holds it whole (`present`),
 * else all of it less what an unfinished download there holds (`partialBytes`: the run resumes from it).
 */
export function fileBytesToWrite(file: { size: number; present: boolean; partialBytes: number }): number {
  return file.present ? 0 : Math.max(0, file.size - file.partialBytes);
}

/**
 * Whether files of `sizeBytes` fit a disk with `freeBytes` free, when the destination lacks `needBytes` of them
 * (the sum of their fileBytesToWrite): 'fits', 'fits-with-held' (they would not fit whole, what is there already
 * makes the difference), or 'short'.
 */
export type DiskVerdict =
  | { verdict: 'fits' }
  | { verdict: 'fits-with-held'; needBytes: number; freeBytes: number; heldBytes: number }
  | { verdict: 'short'; needBytes: number; freeBytes: number };

export function diskVerdict(sizeBytes: number, needBytes: number, freeBytes: number): DiskVerdict {
  if (!fitsOnDisk(needBytes, freeBytes)) return { verdict: 'short', needBytes, freeBytes };
  if (needBytes <= 0 || fitsOnDisk(sizeBytes, freeBytes)) return { verdict: 'fits' };
  return { verdict: 'fits-with-held', needBytes, freeBytes, heldBytes: sizeBytes - needBytes };
}

/** `needs 52.43 MB, 41.94 MB free`: a download that does not fit, in figures. */
export function needsAndFreeWords(requiredBytes: number, freeBytes: number): string {
  return `needs ${formatBytes(requiredBytes)}, ${formatBytes(freeBytes)} free`;
}

/**
 * `disk: needs 70.00 kB, 60.00 kB free`: a download that does not fit, said where a line has room for little more
 * than its figures (the model page's quantization rows, on a line of its own under the row: one line at 1280 px and
 * on a phone, where `not enough disk: …` took three); `disk:` tells it from the memory verdict beside it (`fits RAM`).
 */
export function diskShortWords(requiredBytes: number, freeBytes: number): string {
  return `disk: ${needsAndFreeWords(requiredBytes, freeBytes)}`;
}

/** `Not enough free disk space: the download needs 52.43 MB, 41.94 MB free at /data/hub`. */
export function notEnoughSpaceMessage(requiredBytes: number, freeBytes: number, where: string): string {
  return `Not enough free disk space: the download ${needsAndFreeWords(requiredBytes, freeBytes)} at ${where}`;
}
