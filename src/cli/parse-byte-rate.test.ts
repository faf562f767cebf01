import { describe, expect, it } from 'vitest';
import { isHubgetError } from '../errors.js';
import { parseByteRate } from './parse-byte-rate.js';

describe('parseByteRate', () => {
  it('reads plain bytes per second', () => {
    expect(parseByteRate('100000')).toBe(100_000);
    expect(parseByteRate('0')).toBe(0);
  });
  it('treats K/M/G as decimal, with or without B and /s, in any case', () => {
    expect(parseByteRate('20M')).toBe(20_000_000);
    expect(parseByteRate('20m')).toBe(20_000_000);
    expect(parseByteRate('20MB')).toBe(20_000_000);
    expect(parseByteRate('20MB/s')).toBe(20_000_000);
    expect(parseByteRate('500K')).toBe(500_000);
    expect(parseByteRate('500kB')).toBe(500_000);
    expect(parseByteRate('1.5G')).toBe(1_500_000_000);
    expect(parseByteRate('.5M')).toBe(500_000);
    expect(parseByteRate(' 2 M ')).toBe(2_000_000);
  });
  it('treats Ki/Mi/Gi as binary', () => {
    expect(parseByteRate('20Mi')).toBe(20 * 1024 * 1024);
    expect(parseByteRate('20MiB')).toBe(20 * 1024 * 1024);
    expect(parseByteRate('512KiB/s')).toBe(512 * 1024);
    expect(parseByteRate('1Gi')).toBe(1024 ** 3);
  });
  it('refuses a positive rate that rounds to 0 B/s instead of reading it as "no limit"', () => {
    for (const tiny of ['0.4', '0.0004K', '.0000001M', '0.0001Ki']) {
      expect(() => parseByteRate(tiny), tiny).toThrow(/under 1 byte per second/);
    }
    expect(parseByteRate('0.5')).toBe(1);
    expect(parseByteRate('0.0')).toBe(0);
    expect(parseByteRate('0K')).toBe(0);
  });
  it('rejects everything else with INVALID_ARGUMENT', () => {
    for (const bad of ['', 'fast', '-5M', '20X', '20Mbit', '1e6', '20 M B s', 'M', '1.2.3K']) {
      let thrown: unknown;
      try {
        parseByteRate(bad);
      } catch (error) {
        thrown = error;
      }
      expect(isHubgetError(thrown, 'INVALID_ARGUMENT'), bad).toBe(true);
    }
  });
});
