import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storedBytes } from '../system/stored-bytes.js';
import { folderBytes } from './scan-cached-repo.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-folder-bytes-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('folderBytes: what deleting a folder frees', () => {
  it('counts a sparse temp file by what it holds, a small file by its length, a symlink as nothing', async () => {
    mkdirSync(join(dir, 'blobs'));
    // A temp file sized to 64 MiB up front (as hubget sizes one) with 1 MiB written.
    const fd = openSync(join(dir, 'blobs', 'x.incomplete'), 'w');
    ftruncateSync(fd, 64 * 1024 * 1024);
    writeSync(fd, Buffer.alloc(1024 * 1024, 1), 0, 1024 * 1024, 0);
    closeSync(fd);
    writeFileSync(join(dir, 'config.json'), '{"model_type":"x"}');
    symlinkSync(join(dir, 'config.json'), join(dir, 'link'));
    const bytes = await folderBytes(dir);
    // 1 MiB of data (a file system may allocate a few blocks more around it), plus the 18-byte file.
    expect(bytes).toBeGreaterThanOrEqual(1024 * 1024 + 18);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
  });

  it('takes a file’s length when the file system gives no block count', () => {
    expect(storedBytes({ size: 22 })).toBe(22);
    expect(storedBytes({ size: 22, blocks: 8 })).toBe(22);
    expect(storedBytes({ size: 600_000_000, blocks: 150_000 })).toBe(76_800_000);
  });
});
