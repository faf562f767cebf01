import { describe, expect, it } from 'vitest';
import { formatBytes, formatBytesPerSecond, formatDuration, formatPercent } from './format-units.js';

describe('formatBytes', () => {
  it('uses decimal units with two decimals', () => {
    expect(formatBytes(5_880_000_000)).toBe('5.88 GB');
    expect(formatBytes(12_000_000_000)).toBe('12.00 GB');
    expect(formatBytes(1500)).toBe('1.50 kB');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(0)).toBe('0 B');
  });
  it('carries into the next unit instead of printing 1000.00', () => {
    expect(formatBytes(999_999_999)).toBe('1.00 GB');
  });
  it('marks nonsense input', () => {
    expect(formatBytes(Number.NaN)).toBe('? B');
    expect(formatBytes(-1)).toBe('? B');
  });
});

describe('formatBytesPerSecond', () => {
  it('uses one decimal', () => {
    expect(formatBytesPerSecond(45_200_000)).toBe('45.2 MB/s');
    expect(formatBytesPerSecond(0)).toBe('0 B/s');
    expect(formatBytesPerSecond(512)).toBe('512 B/s');
  });
});

describe('formatDuration', () => {
  it('formats seconds, minutes and hours', () => {
    expect(formatDuration(7)).toBe('7s');
    expect(formatDuration(140)).toBe('2m 20s');
    expect(formatDuration(3600 + 5 * 60 + 9)).toBe('1h 05m');
    expect(formatDuration(1000 * 3600)).toBe('41d');
  });
  it('shows -- when unknown', () => {
    expect(formatDuration(null)).toBe('--');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('--');
  });
});

describe('formatPercent', () => {
  it('floors so 100% means complete', () => {
    expect(formatPercent(49, 100)).toBe('49%');
    expect(formatPercent(996, 1000)).toBe('99%');
    expect(formatPercent(1000, 1000)).toBe('100%');
    expect(formatPercent(0, 0)).toBe('100%');
  });
});
