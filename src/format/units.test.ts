import { describe, expect, it } from 'vitest';
import { copiedFrom, formatBytes, formatDuration, formatSpeed, formatTook, UNKNOWN_VALUE } from './units.js';

describe('formatBytes: decimal SI units (1 GB = 10^9 bytes)', () => {
  it('prints two decimals above bytes', () => {
    expect(formatBytes(5_880_000_000)).toBe('5.88 GB');
    expect(formatBytes(12_000_000_000)).toBe('12.00 GB');
    expect(formatBytes(1500)).toBe('1.50 kB');
    expect(formatBytes(1_500_000)).toBe('1.50 MB');
    expect(formatBytes(2.5e12)).toBe('2.50 TB');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(0)).toBe('0 B');
  });
  it('never labels a binary quantity GB: 2^30 bytes are 1.07 GB', () => {
    expect(formatBytes(2 ** 30)).toBe('1.07 GB');
    expect(formatBytes(6016 * 2 ** 20)).toBe('6.31 GB');
  });
  it('carries into the next unit instead of printing 1000.00', () => {
    expect(formatBytes(999_999_999)).toBe('1.00 GB');
    expect(formatBytes(999_996_000)).toBe('1.00 GB');
  });
  it('takes the number of decimals', () => {
    expect(formatBytes(1_234_567, 1)).toBe('1.2 MB');
  });
  it('marks unknown input', () => {
    for (const value of [null, undefined, Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      expect(formatBytes(value)).toBe(UNKNOWN_VALUE);
    }
  });
});

describe('formatSpeed', () => {
  it('keeps three significant digits', () => {
    expect(formatSpeed(45_200_000)).toBe('45.2 MB/s');
    expect(formatSpeed(120_000)).toBe('120 kB/s');
    expect(formatSpeed(5_300)).toBe('5.3 kB/s');
    expect(formatSpeed(512)).toBe('512 B/s');
    expect(formatSpeed(999_990)).toBe('1.0 MB/s');
  });
  it('reads 0 B/s when idle and a dash when unknown', () => {
    expect(formatSpeed(0)).toBe('0 B/s');
    expect(formatSpeed(-5)).toBe('0 B/s');
    expect(formatSpeed(null)).toBe(UNKNOWN_VALUE);
    expect(formatSpeed(Number.NaN)).toBe(UNKNOWN_VALUE);
  });
});

describe('formatDuration: seconds in, SI symbols out', () => {
  it('is short and zero-padded', () => {
    expect(formatDuration(7)).toBe('7 s');
    expect(formatDuration(59.4)).toBe('59 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(2 * 3600 + 7 * 60)).toBe('2 h 07 min');
    expect(formatDuration(1000 * 3600)).toBe('41 d 16 h');
  });
  it('marks unknown input', () => {
    for (const value of [null, undefined, Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      expect(formatDuration(value)).toBe(UNKNOWN_VALUE);
    }
  });
});

describe('formatTook: how long something took', () => {
  it('gives a very short time its milliseconds, a short one its tenths, then whole seconds and minutes', () => {
    expect(formatTook(0)).toBe('under 1 ms');
    expect(formatTook(0.0304)).toBe('30 ms');
    expect(formatTook(0.04)).toBe('40 ms');
    expect(formatTook(0.1)).toBe('0.1 s');
    expect(formatTook(0.0996)).toBe('0.1 s');
    expect(formatTook(0.4)).toBe('0.4 s');
    expect(formatTook(3.3)).toBe('3.3 s');
    expect(formatTook(9.84)).toBe('9.8 s');
    expect(formatTook(9.96)).toBe('10 s');
    expect(formatTook(12.4)).toBe('12 s');
    expect(formatTook(185)).toBe('3 min 05 s');
    expect(formatTook(null)).toBe(UNKNOWN_VALUE);
  });
});

describe('copiedFrom: bytes taken from the disk instead of fetched', () => {
  const from = 'org/base in the HF cache';
  it('says copied, linked when every byte was hard-linked, and how much of a copy was linked', () => {
    expect(copiedFrom(3_000_000, from)).toBe('3.00 MB copied from org/base in the HF cache');
    expect(copiedFrom(3_000_000, from, 3_000_000)).toBe(
      '3.00 MB linked from org/base in the HF cache (no room taken)',
    );
    expect(copiedFrom(3_000_022, from, 3_000_000)).toBe(
      '3.00 MB linked (no room taken) and 22 B copied from org/base in the HF cache',
    );
  });
});
