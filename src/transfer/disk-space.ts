/**
 * Free-space preflight before the first byte. Python only warns (docs/hub-protocol.md §6.11); hubget refuses,
 * because a segmented download fills sparse temp files in parallel and would fail late, after hours.
 * Like Python, it measures the first existing ancestor of the target folder (it may not exist yet).
 */
import { statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { HubgetError } from '../errors.js';
import { fitsOnDisk, notEnoughSpaceMessage } from '../format/disk-fit.js';

/** Free bytes available to this (unprivileged) process on the filesystem holding `path`. */
export type FreeBytesFunction = (path: string) => Promise<number>;

export const statfsFreeBytes: FreeBytesFunction = async (path) => {
  const info = await statfs(path);
  // No blocks at all: a pseudo file system (/proc, /sys) whose free count means nothing. Not "0 B free":
  // writing there fails on its own, with the real reason.
  if (Number(info.blocks) === 0) return Number.POSITIVE_INFINITY;
  return Number(info.bavail) * Number(info.bsize);
};

/** `path` itself or its nearest existing ancestor. */
export async function firstExistingAncestor(path: string): Promise<string> {
  let current = resolve(path);
  for (;;) {
    try {
      await statfs(current);
      return current;
    } catch (error) {
      const parent = dirname(current);
      if (parent === current) throw error;
      current = parent;
    }
  }
}

export interface DiskSpaceCheck {
  /** Folder the bytes will be written to (need not exist yet). */
  path: string;
  requiredBytes: number;
  freeBytes?: FreeBytesFunction;
}

/** Throws DISK_FULL ("needs 12.00 GB, 3.10 GB free at /path") when `requiredBytes` do not fit. */
export async function assertDiskSpace(check: DiskSpaceCheck): Promise<void> {
  if (check.requiredBytes <= 0) return;
  const existing = await firstExistingAncestor(check.path);
  const free = await (check.freeBytes ?? statfsFreeBytes)(existing);
  if (!fitsOnDisk(check.requiredBytes, free)) {
    throw new HubgetError('DISK_FULL', notEnoughSpaceMessage(check.requiredBytes, free, existing), {
      details: { path: existing, requiredBytes: check.requiredBytes, freeBytes: free },
    });
  }
}
