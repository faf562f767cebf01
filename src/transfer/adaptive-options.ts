/** The knobs of the adaptive connection controller (adaptive-connections.ts); tests and benchmarks tune them. */

export interface AdaptiveConnectionsOptions {
  /** Connections to start with (≤ ceiling). */
  initial: number;
  /** Hard cap: `--connections`, a job's setting, or the default ceiling. */
  ceiling: number;
  /** Intervals one rate is measured over. Default DEFAULT_MEASURE_INTERVALS (adaptive-connections.ts). */
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
