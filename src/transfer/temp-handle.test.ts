import { closeSync, fstatSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setSynchronousWrites } from '../system/sync-fs-switch.js';
import { writeBatch } from './positional-write.js';
import { openTempHandle } from './temp-handle.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-temp-handle-'));
});
afterEach(async () => {
  setSynchronousWrites(true);
  await rm(dir, { recursive: true, force: true });
});

describe('openTempHandle', () => {
  for (const synchronous of [true, false]) {
    it(`opens, sizes, writes, reads back, stats and closes a temp file (${synchronous ? 'synchronous calls' : 'thread pool'})`, async () => {
      setSynchronousWrites(synchronous);
      const path = join(dir, 'f.incomplete');
      const handle = await openTempHandle(path, 'w+');
      await handle.truncate(8);
      await writeBatch(handle.fd, Buffer.from('abcd'), 2);
      const buffer = Buffer.alloc(8);
      expect((await handle.read(buffer, 0, 8, 0)).bytesRead).toBe(8);
      expect(buffer.subarray(2, 6).toString()).toBe('abcd');
      expect((await handle.stat()).size).toBe(8);
      await handle.close();
      expect(handle.fd).toBe(-1);
      expect((await readFile(path)).subarray(2, 6).toString()).toBe('abcd');
    });
  }

  it('closes its descriptor once: a second close leaves a file that got the same number alone', async () => {
    const handle = await openTempHandle(join(dir, 'a'), 'w+');
    const fd = handle.fd;
    await handle.close();
    // The kernel hands out the lowest free number: the next open gets the one just closed.
    const other = openSync(join(dir, 'b'), 'w+');
    try {
      expect(other).toBe(fd);
      await handle.close();
      expect(() => fstatSync(other)).not.toThrow();
    } finally {
      closeSync(other);
    }
  });

  it("refuses 'r+' on a missing file with the open's ENOENT", async () => {
    await expect(openTempHandle(join(dir, 'missing'), 'r+')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
