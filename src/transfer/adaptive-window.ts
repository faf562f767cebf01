/**
 * The sampling window of the adaptive connection controller (adaptive-connections.ts): how many intervals one
 * rate is measured over, and what a measurement reads once they have passed: the rate, and whether the
 * caller's event loop was saturated meanwhile (docs/transfer-connections.md, "Adaptive connections", item 6).
 */
import { SATURATED_SHARE } from './adaptive-options.js';
import type { Phase } from './adaptive-phase.js';

/**
 * Intervals a rate is measured over after the settling one, until a step has proven that the link scales
 * per connection (200 ms: the baseline and the proof decide whether a file may open more than 16); once
 * proven, each further step is judged over half as many (a step that seems not to pay is measured once
 * more). Measuring every step over one interval opened 20 connections on a line capped as a whole in one
 * benchmark round (docs/transfer-connections.md, "Adaptive connections", item 4).
 */
export const DEFAULT_MEASURE_INTERVALS = 2;

/** A measurement's rate and the sample it ended with (the byte count, the clock, the loop's busy time). */
export interface Reading {
  rate: number;
  totalBytes: number;
  nowMs: number;
  loopBusyMs: number | undefined;
}

/** One more sample of a measurement: intervals still to go, or its reading. */
export type WindowSample =
  | { done: false; intervals: number }
  | { done: true; reading: Reading; saturated: boolean };

/** Intervals a measurement takes: `measureIntervals` until the link is proven, half as many (rounded up) after. */
export function intervalsNeeded(measureIntervals: number, proven: boolean): number {
  return proven ? Math.ceil(measureIntervals / 2) : measureIntervals;
}

/**
 * The measurement `phase` at one more sample (`totalBytes` received so far, `nowMs` the caller's clock,
 * `loopBusyMs` its loop's busy time in all): not done while fewer than `needed` intervals have passed or the
 * clock has not moved; else its rate over the whole window, and saturated when the loop was busy for at least
 * SATURATED_SHARE of it (never when the loop's time is not reported).
 */
export function sampleWindow(
  phase: Extract<Phase, { kind: 'measuring' }>,
  needed: number,
  sample: Omit<Reading, 'rate'>,
): WindowSample {
  const { totalBytes, nowMs, loopBusyMs } = sample;
  const intervals = phase.intervals + 1;
  if (intervals < needed || nowMs <= phase.startMs) return { done: false, intervals };
  const rate = ((totalBytes - phase.startBytes) * 1000) / (nowMs - phase.startMs);
  const busyShare =
    loopBusyMs === undefined || phase.startBusyMs === undefined
      ? 0
      : (loopBusyMs - phase.startBusyMs) / (nowMs - phase.startMs);
  return {
    done: true,
    reading: { rate, totalBytes, nowMs, loopBusyMs },
    saturated: busyShare >= SATURATED_SHARE,
  };
}
