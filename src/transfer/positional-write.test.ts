import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BLOCKED_BUDGET_MS,
  BLOCKED_WINDOW_MS,
  noteSynchronousWrite,
  SLOW_SYNC_WRITE_MS,
  setSynchronousWrites,
  THREAD_POOL_HOLD_MS,
  writeBatch,
  writesUseThreadPool,
} from './positional-write.js';

afterEach(() => setSynchronousWrites(true));

async function writeBoth(synchronous: boolean): Promise<{ content: Buffer; result: unknown }> {
  setSynchronousWrites(synchronous);
  const dir = await mkdtemp(join(tmpdir(), 'hubget-pwrite-'));
  try {
    const handle = await open(join(dir, 'f'), 'w+');
    try {
      const buffers = [Buffer.from('hello '), Buffer.alloc(0), Buffer.from('world')];
      const result = writeBatch(handle.fd, buffers, 11, 4);
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
  it('writes every buffer at the position, synchronously while writes are fast', async () => {
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

  it('moves to the thread pool for a while after one slow synchronous write', () => {
    setSynchronousWrites(true);
    noteSynchronousWrite(SLOW_SYNC_WRITE_MS - 1, 1000);
    expect(writesUseThreadPool(1001)).toBe(false);
    noteSynchronousWrite(SLOW_SYNC_WRITE_MS, 1000);
    expect(writesUseThreadPool(1001)).toBe(true);
    expect(writesUseThreadPool(1000 + THREAD_POOL_HOLD_MS - 1)).toBe(true);
    expect(writesUseThreadPool(1000 + THREAD_POOL_HOLD_MS)).toBe(false);
  });

  it('moves to the thread pool when short writes add up to the blocked budget within one window', () => {
    setSynchronousWrites(true);
    const step = BLOCKED_BUDGET_MS / 10;
    let now = 10_000;
    // Writes of a tenth of the budget spread over more than a window never switch.
    for (let i = 0; i < 30; i++) {
      now += BLOCKED_WINDOW_MS / 5;
      noteSynchronousWrite(step, now);
      expect(writesUseThreadPool(now)).toBe(false);
    }
    // Ten of them within one window do.
    now += BLOCKED_WINDOW_MS;
    for (let i = 0; i < 9; i++) noteSynchronousWrite(step, now + i);
    expect(writesUseThreadPool(now + 9)).toBe(false);
    noteSynchronousWrite(step, now + 9);
    expect(writesUseThreadPool(now + 10)).toBe(true);
  });

  it('throws a write error synchronously (a read-only descriptor) and rejects it on the thread pool', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hubget-pwrite-'));
    await (await open(join(dir, 'f'), 'w')).close();
    const handle = await open(join(dir, 'f'), 'r');
    try {
      expect(() => writeBatch(handle.fd, [Buffer.from('x')], 1, 0)).toThrow(/EBADF/);
      setSynchronousWrites(false);
      await expect(writeBatch(handle.fd, [Buffer.from('x')], 1, 0)).rejects.toThrow(/EBADF/);
    } finally {
      await handle.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
