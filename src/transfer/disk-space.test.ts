import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isHubgetError } from '../errors.js';
import { assertDiskSpace, diskFreeBytes } from './disk-space.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-disk-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('disk space preflight', () => {
  it('measures real free space, at the first existing ancestor of a folder not made yet', async () => {
    expect(await diskFreeBytes(join(dir, 'a', 'b', 'c'))).toBeGreaterThan(0);
    await assertDiskSpace({ path: join(dir, 'x'), requiredBytes: 1 });
  });
  it('does not call a pseudo file system (no blocks: /proc) full', async () => {
    expect(await diskFreeBytes('/proc')).toBe(Number.POSITIVE_INFINITY);
    await assertDiskSpace({ path: '/proc/hubget-test/x', requiredBytes: 12e9 });
  });
  it('refuses with DISK_FULL and a clear message', async () => {
    let error: unknown;
    try {
      await assertDiskSpace({ path: join(dir, 'x', 'y'), requiredBytes: 12e9, freeBytes: async () => 3.1e9 });
    } catch (caught) {
      error = caught;
    }
    expect(isHubgetError(error, 'DISK_FULL')).toBe(true);
    // The folder the download writes to, as the preview names it; not the ancestor that was measured.
    expect((error as Error).message).toContain(`needs 12.00 GB, 3.10 GB free at ${join(dir, 'x', 'y')}`);
  });
  it('refuses an impossible size on the real filesystem', async () => {
    await expect(assertDiskSpace({ path: dir, requiredBytes: 2 ** 60 })).rejects.toThrow(/free at/);
  });
});
