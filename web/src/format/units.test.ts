import { describe, expect, it } from 'vitest';
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

describe('formatBytes', () => {
  it('uses decimal units with two decimals, like the original panel', () => {
    expect(formatProgressBytes(5_880_000_000, 12_000_000_000)).toBe('5.88 GB / 12.00 GB');
    expect(formatBytes(1_500_000)).toBe('1.50 MB');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(2.5e12)).toBe('2.50 TB');
  });

  it('promotes values that would round to 1000.00', () => {
    expect(formatBytes(999_996_000)).toBe('1.00 GB');
  });

  it('shows a dash for unknown sizes', () => {
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatSpeed', () => {
  it('keeps three significant digits', () => {
    expect(formatSpeed(45_200_000)).toBe('45.2 MB/s');
    expect(formatSpeed(120_000)).toBe('120 KB/s');
    expect(formatSpeed(5_300)).toBe('5.3 KB/s');
    expect(formatSpeed(0)).toBe('0 B/s');
  });
});

describe('formatDuration', () => {
  it('is short and zero-padded', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(2 * 3600 + 7 * 60)).toBe('2 h 07 min');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
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
    expect(rateToBytesPerSecond(-3, 'KB/s')).toBe(0);
    expect(bytesPerSecondToRate(2_500_000)).toEqual({ value: 2.5, unit: 'MB/s' });
    expect(bytesPerSecondToRate(500_000)).toEqual({ value: 500, unit: 'KB/s' });
  });
});

describe('secondsBetween', () => {
  it('needs both ends', () => {
    expect(secondsBetween('2025-01-01T00:00:00Z', '2025-01-01T00:01:30Z')).toBe(90);
    expect(secondsBetween(null, '2025-01-01T00:01:30Z')).toBeNull();
  });
});
