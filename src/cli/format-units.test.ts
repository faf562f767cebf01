import { describe, expect, it } from 'vitest';
import { formatElapsed, formatPercent } from './format-units.js';

describe('formatPercent', () => {
  it('floors so 100% means complete', () => {
    expect(formatPercent(49, 100)).toBe('49%');
    expect(formatPercent(996, 1000)).toBe('99%');
    expect(formatPercent(1000, 1000)).toBe('100%');
    expect(formatPercent(0, 0)).toBe('100%');
  });
});

describe('formatElapsed', () => {
  it('gives a very short run its milliseconds, a short one its tenths, then whole seconds and minutes', () => {
    expect(formatElapsed(0.0304)).toBe('30 ms');
    expect(formatElapsed(0.04)).toBe('40 ms');
    expect(formatElapsed(0.1)).toBe('0.1 s');
    expect(formatElapsed(0.0996)).toBe('0.1 s');
    expect(formatElapsed(0.4)).toBe('0.4 s');
    expect(formatElapsed(9.84)).toBe('9.8 s');
    expect(formatElapsed(9.96)).toBe('10 s');
    expect(formatElapsed(12.4)).toBe('12 s');
    expect(formatElapsed(220)).toBe('3 min 40 s');
  });
});
