import { describe, expect, it } from 'vitest';
import { type CountSample, slideRateWindow } from './sampled-rate.js';

describe('slideRateWindow', () => {
  it('reads the rate over the window and the time it spans, keeping two samples at least', () => {
    const samples: CountSample[] = [];
    expect(slideRateWindow(samples, { t: 0, advanced: 0 }, 5000)).toEqual({
      bytesPerSecond: 0,
      sampledMs: 0,
    });
    expect(slideRateWindow(samples, { t: 1000, advanced: 500 }, 5000)).toEqual({
      bytesPerSecond: 500,
      sampledMs: 1000,
    });
    expect(slideRateWindow(samples, { t: 7000, advanced: 3500 }, 5000)).toEqual({
      bytesPerSecond: 500,
      sampledMs: 6000,
    });
    expect(samples).toHaveLength(2);
  });
});
