import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isHubgetError } from '../errors.js';
import { createRateLimiter } from './rate-limiter.js';

const MB = 1_000_000;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Consumers taking `chunkBytes` in a loop until `untilMs` of fake time; returns bytes granted per consumer. */
async function consume(
  limiter: ReturnType<typeof createRateLimiter>,
  consumers: number,
  chunkBytes: number,
  untilMs: number,
) {
  const granted = new Array<number>(consumers).fill(0);
  const start = Date.now();
  let running = true;
  const loops = granted.map(async (_, index) => {
    while (running) {
      await limiter.take(chunkBytes);
      if (!running) break;
      granted[index]! += chunkBytes;
    }
  });
  await vi.advanceTimersByTimeAsync(untilMs - (Date.now() - start));
  running = false;
  await vi.advanceTimersByTimeAsync(5000);
  await Promise.all(loops);
  return granted;
}

describe('createRateLimiter', () => {
  it('holds 5 MB/s within 10% over 10 s, shared fairly by several consumers', async () => {
    const limiter = createRateLimiter(5 * MB);
    const granted = await consume(limiter, 4, 64 * 1024, 10_000);
    const total = granted.reduce((sum, bytes) => sum + bytes, 0);
    expect(total).toBeGreaterThan(45 * MB);
    expect(total).toBeLessThan(55 * MB);
    for (const bytes of granted) expect(bytes / total).toBeGreaterThan(0.2);
  });

  it('keeps the long-run rate with chunks larger than its bucket', async () => {
    const limiter = createRateLimiter(100_000);
    const granted = await consume(limiter, 2, 64 * 1024, 10_000);
    const total = granted[0]! + granted[1]!;
    expect(total).toBeGreaterThan(900_000);
    expect(total).toBeLessThan(1_150_000);
  });

  it('is unlimited at 0 and changes rate live', async () => {
    const limiter = createRateLimiter(0);
    await limiter.take(10 * MB);
    limiter.setRate(1 * MB);
    expect(limiter.bytesPerSecond).toBe(1 * MB);
    const refill = limiter.take(200_000); // a bucket's worth, refilled at the new rate
    await vi.advanceTimersByTimeAsync(250);
    await refill;
    let done = false;
    const waiting = limiter.take(500_000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(done).toBe(false);
    limiter.setRate(0);
    await waiting;
    expect(done).toBe(true);
  });

  it('says whether it held the bytes back: granted at once from the bucket, or after waiting for the rate', async () => {
    const limiter = createRateLimiter(1 * MB); // a bucket of 200 kB
    expect(await limiter.take(150_000)).toBe(false);
    const later = limiter.take(150_000); // 50 kB left: waits 100 ms for the rest
    const behind = limiter.take(10_000); // queued behind it: held too, though its own bytes were covered
    await vi.advanceTimersByTimeAsync(200);
    expect(await later).toBe(true);
    expect(await behind).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await limiter.take(100_000)).toBe(false);
    limiter.setRate(0);
    expect(await limiter.take(10 * MB)).toBe(false);
  });

  it('tells its listeners when the rate changes, until they unsubscribe', () => {
    const limiter = createRateLimiter(1 * MB);
    const calls: number[] = [];
    const unsubscribe = limiter.onRateChange(() => calls.push(limiter.bytesPerSecond));
    limiter.setRate(2 * MB);
    limiter.setRate(2 * MB); // no change, no call
    limiter.setRate(0);
    unsubscribe();
    limiter.setRate(3 * MB);
    expect(calls).toEqual([2 * MB, 0]);
  });

  it('lets a waiter abort', async () => {
    const limiter = createRateLimiter(1000);
    await limiter.take(200);
    const controller = new AbortController();
    const waiting = limiter.take(1000, controller.signal);
    controller.abort();
    const error = await waiting.catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'ABORTED')).toBe(true);
  });

  it('rejects a negative rate', () => {
    expect(() => createRateLimiter(-1)).toThrow(/≥ 0/);
  });
});
