import { describe, expect, it } from 'vitest';
import { etaSeconds, MAX_ETA_SECONDS, MIN_ETA_SAMPLED_MS } from './eta.js';
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

  it('reads sparse arrivals (64 KiB reads under a 10 kB/s limit) near their rate, with an ETA, not 13 kB/s then 0', () => {
    const meter = new SpeedMeter({ windowMs: 5000, bucketMs: 250 });
    const chunk = 65_536;
    const gapMs = 6_500; // one read every 6.5 s at 10 kB/s
    for (let t = 0; t <= 6 * gapMs; t += gapMs) meter.add(chunk, t);
    const last = 6 * gapMs;
    // Between two arrivals the reading stays near 10 kB/s, never 0, and it has an ETA.
    for (const after of [100, 2000, 4000, 6400]) {
      const reading = meter.reading(last + after);
      expect(reading.bytesPerSecond).toBeGreaterThan(9_500);
      expect(reading.bytesPerSecond).toBeLessThan(10_500);
      expect(etaSeconds(4_700_000, reading)).not.toBeNull();
    }
    // Once they stop (two gaps without an arrival), it is 0.
    expect(meter.bytesPerSecond(last + 3 * gapMs)).toBe(0);
  });

  it('reads 0 and no ETA while nothing arrives after a stalled connection reconnected with a few bytes', () => {
    const meter = new SpeedMeter({ windowMs: 5000, bucketMs: 250 });
    // A dense flow (20 MB/s) stops; 30 s later a reconnect brings 100 bytes, then nothing again.
    for (let t = 0; t <= 2000; t += 50) meter.add(1_000_000, t);
    meter.add(100, 32_000);
    // Once the window holds no bytes the reading is 0, not the last bucket and the trickle over the pause.
    for (const quietMs of [5_000, 10_000, 25_000, 50_000]) {
      const reading = meter.reading(32_000 + quietMs);
      expect(reading.bytesPerSecond).toBe(0);
      expect(etaSeconds(20_000_000, reading)).toBeNull();
    }
  });

  it('is 0 before any bytes', () => {
    expect(new SpeedMeter().bytesPerSecond(123)).toBe(0);
  });
});

describe('SpeedMeter.sampledMs', () => {
  it('is how long bytes kept arriving: one burst is a single bucket, a steady flow spans the window', () => {
    const burst = new SpeedMeter({ windowMs: 5000, bucketMs: 250 });
    burst.add(22, 100);
    expect(burst.reading(3000)).toEqual({ bytesPerSecond: (22 * 1000) / 2900, sampledMs: 250 });
    const steady = new SpeedMeter({ windowMs: 5000, bucketMs: 250 });
    for (let t = 0; t <= 8000; t += 100) steady.add(1000, t);
    expect(steady.sampledMs(8000)).toBe(5000);
    expect(steady.sampledMs(20_000)).toBe(0);
  });
});

describe('etaSeconds', () => {
  const measured = (bytesPerSecond: number) => ({ bytesPerSecond, sampledMs: 5000 });

  it('divides and rounds up; null when no speed, 0 when done', () => {
    expect(etaSeconds(1000, measured(300))).toBe(4);
    expect(etaSeconds(1000, measured(0))).toBeNull();
    expect(etaSeconds(1000, measured(Number.NaN))).toBeNull();
    expect(etaSeconds(0, measured(0))).toBe(0);
  });

  it('is never 0 s while bytes remain', () => {
    expect(etaSeconds(1, measured(1e9))).toBe(1);
  });

  it('gives none for a rate measured from too little data', () => {
    // 22 bytes of config.json, then every request failing: 7 B/s read as "ETA 604 d".
    expect(etaSeconds(20_971_498, { bytesPerSecond: 7.6, sampledMs: 250 })).toBeNull();
    expect(etaSeconds(1000, { bytesPerSecond: 300, sampledMs: MIN_ETA_SAMPLED_MS - 1 })).toBeNull();
    expect(etaSeconds(1000, { bytesPerSecond: 300, sampledMs: MIN_ETA_SAMPLED_MS })).toBe(4);
  });

  it('gives none beyond a week: at such a rate it is no prediction', () => {
    expect(etaSeconds(MAX_ETA_SECONDS, measured(1))).toBe(MAX_ETA_SECONDS);
    expect(etaSeconds(MAX_ETA_SECONDS + 1, measured(1))).toBeNull();
    expect(etaSeconds(20_971_498, measured(0.4))).toBeNull();
  });
});
