/** The knobs of the adaptive connection controller (adaptive-connections.ts; tests and benchmarks tune them) and its fixed rules. */

export interface AdaptiveConnectionsOptions {
  /** Connections to start with (≤ ceiling). */
  initial: number;
  /** Hard cap: `--connections`, a job's setting, or the default ceiling. */
  ceiling: number;
  /** Intervals one rate is measured over. Default DEFAULT_MEASURE_INTERVALS (adaptive-window.ts). */
  measureIntervals?: number;
  /** Intervals to wait after a step was given back before probing again. Default 5. */
  holdIntervals?: number;
  /**
   * Share of the proportional gain a step must show to be kept: doubling 8 → 16 must raise the rate by at
   * least this × 100 %. Default 0.6 (a per-connection-paced CDN gives ~100 %, a shared line ~0 %).
   */
  minGainShare?: number;
  /** On a proven link, the smallest share that still moves the count to the knee. Default 0.15. */
  kneeGainShare?: number;
  /**
   * On a link not proven yet, the smallest share that moves the count to the knee. Default 0.3: a shared
   * line shows ~0 % (a few tens of % at most from noise), a per-connection pace ~100 % until the client
   * tops out.
   */
  unprovenKneeGainShare?: number;
  /** Connections added above the computed knee, as a share of it. Default 0.1. */
  kneeMargin?: number;
  /** Longest hold between probes after repeated failures. Default 40. */
  maxHoldIntervals?: number;
}

/**
 * A step whose gain is above this share of the proportional gain has a measurement that is off (more
 * connections cannot carry more than their share each for long): its rate is measured again before it is a
 * baseline. Doublings under a per-connection pace measured 0.7–1.2 here (20 traced runs, 1 GiB); the burst
 * that made 32 look no better than 16 measured 1.5.
 */
export const SUPERLINEAR_SHARE = 1.25;

/** The small step a proven link probes its plateau with after a hold: a quarter more connections. */
export const SMALL_STEP = 0.25;

/**
 * A step down is kept when the fewer connections carry at least this share of the best rate seen at more:
 * a 100 ms measurement moves by ±10 % here, so a step down that really loses a little is given back now and
 * then, and one that carries the same (a line capped as a whole) is kept most of the time.
 */
export const DOWN_KEEP_SHARE = 0.95;

/**
 * The loop's busy share over a measurement from which the client counts as saturated. Uncapped on loopback
 * (1 GiB, the test hub on the same two cores) every 100 ms interval read 1.00 from the second one on; under a
 * per-connection pace of 20 MB/s, 0.3–0.5 at 8 connections and 0.3–0.8 at 16; on a 50 MB/s line ~0.1.
 */
export const SATURATED_SHARE = 0.9;

/**
 * Where a saturated client steps down to. Uncapped 1 GiB, interleaved `bench/ab.ts` pairs against the
 * defaults (which then ran 13–16): `--connections 2` 1.54 s against 1.80 (6 pairs), 4 1.71 against 1.93 (6),
 * 1 1.80 against 1.94 (5); fewer connections also cost the test hub on the same cores 0.4 CPU-s less per GiB.
 */
export const SATURATED_FLOOR = 2;
