/**
 * How many connections one file should have open, found by plateau-seeking (docs/transfer-engine.md,
 * "Adaptive connections"): start at `initial`; every interval compare the file's total rate with the rate
 * before the last step. A step up (+50 %, at least +1) is kept when the rate grew by at least half of what
 * the extra connections would add if each carried as much as the others (a CDN that paces every
 * connection: the rate grows in proportion, so keep going up to `ceiling`); otherwise the step is given
 * back at once (a line capped as a whole, or a CPU-bound client: more connections add nothing but load)
 * and the count holds for `holdIntervals` before a smaller probe (+25 %) tries again.
 *
 * Pure: the caller feeds it byte counts, its clock and how many connections are really open; a sample
 * taken while fewer than the target are open (no budget slot, nothing left to split) decides nothing.
 */

export interface AdaptiveConnectionsOptions {
  /** Connections to start with (≤ ceiling). */
  initial: number;
  /** Hard cap: `--connections`, a job's setting, or the default ceiling. */
  ceiling: number;
  /** Intervals to wait after a step was given back before probing again. Default 4. */
  holdIntervals?: number;
}

type Phase =
  | { kind: 'probing'; from: number; baselineRate: number }
  | { kind: 'holding'; intervalsLeft: number }
  | { kind: 'measuring' };

export class AdaptiveConnections {
  readonly #ceiling: number;
  readonly #holdIntervals: number;
  #target: number;
  #phase: Phase = { kind: 'measuring' };
  #lastBytes: number | undefined;
  #lastMs = 0;
  /** Highest count kept so far (diagnostics and tests). */
  #peak: number;

  constructor(options: AdaptiveConnectionsOptions) {
    this.#ceiling = Math.max(1, Math.floor(options.ceiling));
    this.#target = Math.min(this.#ceiling, Math.max(1, Math.floor(options.initial)));
    this.#holdIntervals = options.holdIntervals ?? 4;
    this.#peak = this.#target;
  }

  get target(): number {
    return this.#target;
  }

  get ceiling(): number {
    return this.#ceiling;
  }

  get peak(): number {
    return this.#peak;
  }

  /**
   * One interval passed: `totalBytes` written so far, `nowMs` the caller's clock, `open` connections open
   * right now. Returns the (possibly new) target.
   */
  sample(totalBytes: number, nowMs: number, open: number): number {
    const previousBytes = this.#lastBytes;
    const elapsedMs = nowMs - this.#lastMs;
    this.#lastBytes = totalBytes;
    this.#lastMs = nowMs;
    if (previousBytes === undefined || elapsedMs <= 0) return this.#target;
    const rate = ((totalBytes - previousBytes) * 1000) / elapsedMs;
    // Not all connections open (budget taken by other files, or too little left to split): no verdict.
    if (open < this.#target) {
      if (this.#phase.kind === 'probing') this.#phase = { kind: 'measuring' };
      return this.#target;
    }
    const phase = this.#phase;
    if (phase.kind === 'probing') {
      const added = this.#target - phase.from;
      const wanted = phase.baselineRate * (1 + (0.5 * added) / phase.from);
      if (rate >= wanted) {
        this.#step(rate, 0.5);
      } else {
        this.#target = phase.from;
        this.#phase = { kind: 'holding', intervalsLeft: this.#holdIntervals };
      }
    } else if (phase.kind === 'holding') {
      if (phase.intervalsLeft <= 1) this.#step(rate, 0.25);
      else this.#phase = { kind: 'holding', intervalsLeft: phase.intervalsLeft - 1 };
    } else {
      this.#step(rate, 0.5);
    }
    this.#peak = Math.max(this.#peak, this.#target);
    return this.#target;
  }

  /** Probe `fraction` more connections (at least one) unless at the ceiling or nothing flows. */
  #step(rate: number, fraction: number): void {
    if (this.#target >= this.#ceiling || rate <= 0) {
      this.#phase = { kind: 'measuring' };
      return;
    }
    const from = this.#target;
    this.#target = Math.min(this.#ceiling, from + Math.max(1, Math.ceil(from * fraction)));
    this.#phase = { kind: 'probing', from, baselineRate: rate };
  }
}
