/** `hubget verify`'s bar figures: speed and time left while bytes come, what it waits on once none have for 10 s. */
import { describe, expect, it } from 'vitest';
import { verifyBarFigures } from './verify-bar.js';

const GB = 1_000_000_000;

describe('verifyBarFigures', () => {
  it('says the speed and time left while bytes come', () => {
    const state = { done: 1.2 * GB, total: 4.3 * GB, startedMs: 0, readMs: 1_000 };
    expect(verifyBarFigures(state, 1_200)).toBe('1.20 GB / 4.30 GB | 1.0 GB/s | ETA 3 s');
    // A moment's quiet is not said.
    expect(verifyBarFigures(state, 3_000)).toMatch(/^1\.20 GB \/ 4\.30 GB \| .+\/s \| ETA /);
  });

  it('says how long nothing was read once it is 10 s, not a speed that only decays', () => {
    const state = { done: 1.2 * GB, total: 4.3 * GB, startedMs: 0, readMs: 1_000 };
    expect(verifyBarFigures(state, 26_400)).toBe('1.20 GB / 4.30 GB | Nothing read for 25 s');
    // Before the first byte too (a disk that never answered).
    expect(verifyBarFigures({ ...state, done: 0, readMs: 0 }, 12_000)).toBe(
      '0 B / 4.30 GB | Nothing read for 12 s',
    );
  });
});
