import { describe, expect, it } from 'vitest';
import { etaSeconds } from './eta.js';
import { SpeedMeter } from './speed-meter.js';

describe('SpeedMeter', () => {
  it('reports a steady rate from the first second on', () => {
    const meter = new SpeedMeter({ windowMs: 5000, bucketMs: 250 });
    for (let t = 0; t <= 1000; t += 100) meter.add(100_000, t);
    expect(meter.bytesPerSecond(1000)).toBeCloseTo(1_100_000, -5);
    for (let t = 1100; t <= 10_000; t += 100) meter.add(100_000, t);
    expect(meter.bytesPerSecond(10_000)).toBeCloseTo(1_000_000, -5);
    expect(meter.totalBytes).toBe(101 * 100_000);
  });

  it('follows a change within the window and decays to 0 when bytes stop', () => {
    const meter = new SpeedMeter({ windowMs: 3000, bucketMs: 250 });
    for (let t = 0; t < 10_000; t += 100) meter.add(t < 5000 ? 100_000 : 10_000, t);
    expect(meter.bytesPerSecond(9_900)).toBeCloseTo(100_000, -4);
    expect(meter.bytesPerSecond(20_000)).toBe(0);
  });

  it('measures the first delta from startAt, not from its own arrival', () => {
    const meter = new SpeedMeter();
    meter.startAt(0);
    // 1 MB that arrived over the 500 ms since the baseline reading is 2 MB/s, not 4 MB/s.
    meter.add(1_000_000, 500);
    expect(meter.bytesPerSecond(500)).toBe(2_000_000);
    const unanchored = new SpeedMeter();
    unanchored.add(1_000_000, 500);
    expect(unanchored.bytesPerSecond(500)).toBe(4_000_000);
  });

  it('is 0 before any bytes', () => {
    expect(new SpeedMeter().bytesPerSecond(123)).toBe(0);
  });
});

describe('etaSeconds', () => {
  it('divides and rounds up; null when no speed, 0 when done', () => {
    expect(etaSeconds(1000, 300)).toBe(4);
    expect(etaSeconds(1000, 0)).toBeNull();
    expect(etaSeconds(1000, Number.NaN)).toBeNull();
    expect(etaSeconds(0, 0)).toBe(0);
  });
});
