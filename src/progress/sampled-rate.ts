/**
 * The rate of a count read from time to time (the bytes of another program's temp files, polled): a sliding
 * window of cumulative samples, the rate between the oldest and the newest, and the time it spans (for the
 * ETA rule, eta.ts). At least two samples stay, so a slow poll still has a rate.
 */
import type { RateReading } from './eta.js';

export interface CountSample {
  /** Unix ms. */
  t: number;
  /** Cumulative count at `t`. */
  advanced: number;
}

/** Adds `sample` to `samples` (kept in place, oldest first), drops those older than the window, reads the rate. */
export function slideRateWindow(samples: CountSample[], sample: CountSample, windowMs: number): RateReading {
  samples.push(sample);
  while (samples.length > 2 && samples[0]!.t < sample.t - windowMs) samples.shift();
  const oldest = samples[0]!;
  const sampledMs = sample.t - oldest.t;
  const bytesPerSecond = sampledMs > 0 ? ((sample.advanced - oldest.advanced) * 1000) / sampledMs : 0;
  return { bytesPerSecond, sampledMs };
}
