import { describe, expect, it } from 'vitest';
import { speedLevel } from './speed-level.js';

describe('speedLevel', () => {
  it('colours by thresholds', () => {
    expect(speedLevel(0)).toBe('idle');
    expect(speedLevel(9_999)).toBe('idle');
    expect(speedLevel(10_000)).toBe('low');
    expect(speedLevel(999_999)).toBe('low');
    expect(speedLevel(1_000_000)).toBe('medium');
    expect(speedLevel(20_000_000)).toBe('high');
    expect(speedLevel(Number.NaN)).toBe('idle');
  });
});
