import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BLOCKING_WRITE_MS,
  noteSynchronousWrite,
  SLOW_SYNC_WRITE_MS,
  SLOW_WINDOW_MS,
  SLOW_WRITES_TO_SWITCH,
  setSynchronousWrites,
  THREAD_POOL_HOLD_MS,
  writesUseThreadPool,
} from '../system/sync-fs-switch.js';
import { writeBatch } from './positional-write.js';

afterEach(() => setSynchronousWrites(true));

async function writeBoth(synchronous: boolean): Promise<{ content: Buffer; result: unknown }> {
  setSynchronousWrites(synchronous);
  const dir = await mkdtemp(join(tmpdir(), 'hubget-pwrite-'));
  try {
    const handle = await open(join(dir, 'f'), 'w+');
    try {
      const result = writeBatch(handle.fd, Buffer.from('hello world'), 4);
      if (result) await result;
      return { content: await readFile(join(dir, 'f')), result };
    } finally {
      await handle.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('writeBatch', () => {
  it('writes the bytes at the position, synchronously while writes are fast', async () => {
    const { content, result } = await writeBoth(true);
    expect(result).toBeUndefined();
    expect(content.subarray(4).toString()).toBe('hello world');
    expect(content.subarray(0, 4)).toEqual(Buffer.alloc(4));
  });

  it('writes the same bytes through the thread pool when synchronous writes are off', async () => {
    const { content, result } = await writeBoth(false);
    expect(result).toBeInstanceOf(Promise);
    expect(content.subarray(4).toString()).toBe('hello world');
  });

  it('moves to the thread pool for a while after one blocking synchronous write', () => {
    setSynchronousWrites(true);
    noteSynchronousWrite(BLOCKING_WRITE_MS - 1, 1000);
    expect(writesUseThreadPool(1001)).toBe(false);
    noteSynchronousWrite(BLOCKING_WRITE_MS, 1000);
    expect(writesUseThreadPool(1001)).toBe(true);
    expect(writesUseThreadPool(1000 + THREAD_POOL_HOLD_MS - 1)).toBe(true);
    expect(writesUseThreadPool(1000 + THREAD_POOL_HOLD_MS)).toBe(false);
  });

  it('moves after several slow writes within a window, never for fast ones or a lone slow one', () => {
    setSynchronousWrites(true);
    let now = 10_000;
    // At 400 MB/s writes take ~0.1 ms each and add up to ~200 ms per second: that is work, not a slow disk.
    for (let i = 0; i < 4000; i++) {
      now += 0.25;
      noteSynchronousWrite(0.1, now);
    }
    expect(writesUseThreadPool(now)).toBe(false);
    // A descheduled thread now and then: one slow write per window never switches.
    for (let i = 0; i < 5; i++) {
      now += SLOW_WINDOW_MS;
      noteSynchronousWrite(SLOW_SYNC_WRITE_MS, now);
      expect(writesUseThreadPool(now)).toBe(false);
    }
    // A disk pushing back: slow writes in a row.
    now += SLOW_WINDOW_MS;
    for (let i = 1; i < SLOW_WRITES_TO_SWITCH; i++) noteSynchronousWrite(SLOW_SYNC_WRITE_MS, now + i);
    expect(writesUseThreadPool(now + SLOW_WRITES_TO_SWITCH)).toBe(false);
    noteSynchronousWrite(SLOW_SYNC_WRITE_MS, now + SLOW_WRITES_TO_SWITCH);
    expect(writesUseThreadPool(now + SLOW_WRITES_TO_SWITCH + 1)).toBe(true);
  });

  it('throws a write error synchronously (a read-only descriptor) and rejects it on the thread pool', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hubget-pwrite-'));
    await (await open(join(dir, 'f'), 'w')).close();
    const handle = await open(join(dir, 'f'), 'r');
    try {
      expect(() => writeBatch(handle.fd, Buffer.from('x'), 0)).toThrow(/EBADF/);
      setSynchronousWrites(false);
      await expect(writeBatch(handle.fd, Buffer.from('x'), 0)).rejects.toThrow(/EBADF/);
    } finally {
      await handle.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
