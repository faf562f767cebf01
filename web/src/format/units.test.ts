import { describe, expect, it } from 'vitest';
import {
  formatBytes as sharedFormatBytes,
  formatDuration as sharedFormatDuration,
  formatSpeed as sharedFormatSpeed,
} from '../../../src/format/units.js';
import {
  bytesPerSecondToRate,
  formatBytes,
  formatDuration,
  formatPercent,
  formatProgressBytes,
  formatSpeed,
  rateToBytesPerSecond,
  secondsBetween,
} from './units.js';

describe('sizes, speeds and durations are the shared formatters', () => {
  it('prints the same strings as the CLI', () => {
    expect(formatProgressBytes(5_880_000_000, 12_000_000_000)).toBe('5.88 GB / 12.00 GB');
    expect(formatBytes).toBe(sharedFormatBytes);
    expect(formatSpeed).toBe(sharedFormatSpeed);
    expect(formatDuration).toBe(sharedFormatDuration);
  });
});

describe('formatPercent', () => {
  it('clamps and keeps one decimal', () => {
    expect(formatPercent(49)).toBe('49.0%');
    expect(formatPercent(120)).toBe('100.0%');
    expect(formatPercent(Number.NaN)).toBe('0.0%');
  });
});

describe('rates', () => {
  it('converts both ways, 0 meaning no limit', () => {
    expect(rateToBytesPerSecond(10, 'MB/s')).toBe(10_000_000);
    expect(rateToBytesPerSecond(0, 'MB/s')).toBe(0);
    expect(rateToBytesPerSecond(-3, 'kB/s')).toBe(0);
    expect(bytesPerSecondToRate(2_500_000)).toEqual({ value: 2.5, unit: 'MB/s' });
    expect(bytesPerSecondToRate(500_000)).toEqual({ value: 500, unit: 'kB/s' });
  });
});

describe('secondsBetween', () => {
  it('needs both ends', () => {
    expect(secondsBetween('2025-01-01T00:00:00Z', '2025-01-01T00:01:30Z')).toBe(90);
    expect(secondsBetween(null, '2025-01-01T00:01:30Z')).toBeNull();
  });
});
