import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BATCH_MAX_BYTES,
  freeBatchBuffers,
  IDLE_TRIM_MS,
  returnBatchBuffer,
  takeBatchBuffer,
  trimBatchBuffers,
} from './batch-buffers.js';

afterEach(() => {
  vi.useRealTimers();
  trimBatchBuffers();
});

describe('batch buffers', () => {
  it('reuses returned batches, keeps every one while transfers run, and refuses buffers of another size', () => {
    trimBatchBuffers();
    const first = takeBatchBuffer();
    expect(first.length).toBe(BATCH_MAX_BYTES);
    returnBatchBuffer(first);
    expect(takeBatchBuffer()).toBe(first);
    expect(freeBatchBuffers()).toBe(0);

    // 96 in use at the busiest moment (32 connections, three batches each): all come back, none is
    // allocated again for the next round.
    const busiest = Array.from({ length: 96 }, () => takeBatchBuffer());
    for (const buffer of busiest) returnBatchBuffer(buffer);
    expect(freeBatchBuffers()).toBe(96);
    const again = Array.from({ length: 96 }, () => takeBatchBuffer());
    expect(new Set([...again, ...busiest]).size).toBe(96);
    for (const buffer of again) returnBatchBuffer(buffer);
    returnBatchBuffer(Buffer.alloc(10));
    expect(freeBatchBuffers()).toBe(96);
  });

  it('lets the free batches go once none was taken for a while', () => {
    vi.useFakeTimers();
    trimBatchBuffers();
    const buffers = Array.from({ length: 4 }, () => takeBatchBuffer());
    for (const buffer of buffers) returnBatchBuffer(buffer);
    vi.advanceTimersByTime(IDLE_TRIM_MS / 2);
    // Still in use: a take pushes the trim back.
    returnBatchBuffer(takeBatchBuffer());
    vi.advanceTimersByTime(IDLE_TRIM_MS / 2 + 10);
    expect(freeBatchBuffers()).toBe(4);
    vi.advanceTimersByTime(IDLE_TRIM_MS);
    expect(freeBatchBuffers()).toBe(0);
  });
});
