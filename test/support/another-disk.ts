/**
 * A disk reader (the server's `ServerRuntime.diskStats`) for which one folder is another disk, as a mount point
 * below the models folder is: that folder and what is under it answer `freeBytes` of that disk, every other path
 * the real disk's (getDiskStats).
 */
import { resolve, sep } from 'node:path';
import type { DiskStats } from '../../src/api-types.js';
import { getDiskStats } from '../../src/system/disk-stats.js';

export function diskWithMountAt(
  mountPoint: string,
  disk: { freeBytes: number; totalBytes: number },
): (path: string) => Promise<DiskStats> {
  const root = resolve(mountPoint);
  return async (path) => {
    const requested = resolve(path);
    return requested === root || requested.startsWith(`${root}${sep}`)
      ? { path: requested, ...disk }
      : getDiskStats(path);
  };
}
