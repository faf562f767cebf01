import { describe, expect, it } from 'vitest';
import { formatPercent } from './format-units.js';

describe('formatPercent', () => {
  it('floors so 100% means complete', () => {
    expect(formatPercent(49, 100)).toBe('49%');
    expect(formatPercent(996, 1000)).toBe('99%');
    expect(formatPercent(1000, 1000)).toBe('100%');
    expect(formatPercent(0, 0)).toBe('100%');
  });
});
