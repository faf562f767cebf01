/**
 * Free-space preflight before the first byte. Python only warns (docs/hub-downloaders.md §6.11); hubget refuses,
 * because a segmented download fills sparse temp files in parallel and would fail late, after hours.
 * Like Python, it measures the first existing ancestor of the target folder (it may not exist yet): getDiskStats.
 */
import { resolve } from 'node:path';
import { HubgetError } from '../errors.js';
import { fitsOnDisk, notEnoughSpaceMessage } from '../format/disk-fit.js';
import { getDiskStats, usableFreeBytes } from '../system/disk-stats.js';

/** Free bytes available to this (unprivileged) process on the filesystem holding `path` (or its nearest ancestor). */
export type FreeBytesFunction = (path: string) => Promise<number>;

/** getDiskStats' walk to the first existing ancestor, and usableFreeBytes: the server's preview reads the same. */
export const diskFreeBytes: FreeBytesFunction = async (path) => usableFreeBytes(await getDiskStats(path));

export interface DiskSpaceCheck {
  /** Folder the bytes will be written to (need not exist yet). */
  path: string;
  requiredBytes: number;
  freeBytes?: FreeBytesFunction;
}

/**
 * Throws DISK_FULL ("needs 12.00 GB, 3.10 GB free at /path") when `requiredBytes` do not fit; the message names
 * `path`, the folder the download writes to, as the server's preview does (not the ancestor measured).
 */
export async function assertDiskSpace(check: DiskSpaceCheck): Promise<void> {
  if (check.requiredBytes <= 0) return;
  const path = resolve(check.path);
  const free = await (check.freeBytes ?? diskFreeBytes)(path);
  if (!fitsOnDisk(check.requiredBytes, free)) {
    throw new HubgetError('DISK_FULL', notEnoughSpaceMessage(check.requiredBytes, free, path), {
      details: { path, requiredBytes: check.requiredBytes, freeBytes: free },
    });
  }
}
