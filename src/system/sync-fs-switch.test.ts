import { afterEach, describe, expect, it } from 'vitest';
import {
  METADATA_BUDGET_MS,
  metadataCall,
  noteSynchronousMetadataCall,
  SLOW_SYNC_WRITE_MS,
  SLOW_WINDOW_MS,
  setSynchronousWrites,
  THREAD_POOL_HOLD_MS,
  writesUseThreadPool,
} from './sync-fs-switch.js';

afterEach(() => setSynchronousWrites(true));

describe('metadataCall', () => {
  it('runs the synchronous call while synchronous calls are on, the pool call when they are off', async () => {
    const calls: string[] = [];
    const call = () =>
      metadataCall(
        () => {
          calls.push('sync');
          return 1;
        },
        async () => {
          calls.push('pool');
          return 2;
        },
      );
    expect(await call()).toBe(1);
    setSynchronousWrites(false);
    expect(await call()).toBe(2);
    expect(calls).toEqual(['sync', 'pool']);
  });

  it("rejects with the synchronous call's error, as the pool's would", async () => {
    const failure = Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    await expect(
      metadataCall(
        () => {
          throw failure;
        },
        async () => 0,
      ),
    ).rejects.toBe(failure);
  });
});

describe('the metadata rules of the switch', () => {
  it('moves to the thread pool after one slow metadata call, for THREAD_POOL_HOLD_MS', () => {
    noteSynchronousMetadataCall(SLOW_SYNC_WRITE_MS - 1, 1000);
    expect(writesUseThreadPool(1001)).toBe(false);
    setSynchronousWrites(true);
    noteSynchronousMetadataCall(SLOW_SYNC_WRITE_MS, 1000);
    expect(writesUseThreadPool(1001)).toBe(true);
    expect(writesUseThreadPool(1000 + THREAD_POOL_HOLD_MS)).toBe(false);
  });

  it('moves once fast calls add up to the budget within a window (a network file system), not when spread out', () => {
    // A local file system: ≈ 0.01 ms per call, 2000 calls a second, for ten seconds.
    let now = 10_000;
    for (let i = 0; i < 20_000; i++) {
      now += 0.5;
      noteSynchronousMetadataCall(0.01, now);
    }
    expect(writesUseThreadPool(now)).toBe(false);
    // 2 ms round trips, never one slow call: half the budget per window stays synchronous…
    const perWindow = Math.floor(METADATA_BUDGET_MS / 2 / 2);
    for (let window = 0; window < 3; window++) {
      now += SLOW_WINDOW_MS;
      for (let i = 0; i < perWindow; i++) noteSynchronousMetadataCall(2, now + i);
    }
    expect(writesUseThreadPool(now + perWindow)).toBe(false);
    // …the whole budget within one window does not.
    now += SLOW_WINDOW_MS;
    for (let i = 0; i < METADATA_BUDGET_MS / 2; i++) noteSynchronousMetadataCall(2, now + i);
    expect(writesUseThreadPool(now + METADATA_BUDGET_MS / 2)).toBe(true);
  });
});
