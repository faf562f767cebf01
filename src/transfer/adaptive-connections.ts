/**
 * How many connections one file should have open, found by plateau-seeking (docs/transfer-connections.md,
 * "Adaptive connections"): start at `initial`; measure the file's total rate (DEFAULT_MEASURE_INTERVALS,
 * adaptive-window.ts), then step up (double, at most to `ceiling`). After each step one interval is skipped
 * (new connections ramp up), the next `measureIntervals` are compared with the rate before the step. The
 * gain is judged as a share of what the extra connections would add if each carried as much as the others:
 * - at least `minGainShare`: the step is kept and the next one, as large, tried (a CDN that paces every
 *   connection: the rate grows in proportion, so keep doubling up to `ceiling`; a +25 % probe kept is
 *   followed by another +25 %). The first doubling kept also shows that the link scales per connection
 *   ("proven").
 * - on a proven link, at least `kneeGainShare` but less than `minGainShare`: the rate still grew, but the
 *   client (its CPU) or the link tops out in between. Giving the whole step back would give up that gain;
 *   the count goes to the knee instead: as many connections as the new rate needs at the per-connection
 *   rate seen before the step, plus `kneeMargin` (16 → 32 taking 300 → 400 MB/s settles at 24).
 * - on a link not yet proven, at least `unprovenKneeGainShare`: the same knee (a client that tops out
 *   between 8 and 16 connections: 8 → 16 taking 160 → 250 MB/s settles at 14, where giving the step back
 *   left it at 160 MB/s until slow +25 % probes found the way up). The link stays unproven.
 * - otherwise the step is given back at once (a line capped as a whole: more connections add nothing but
 *   load). An unproven link never gets more than twice `initial` connections (`unprovenCeiling`), so a
 *   line capped as a whole never sees more than 16 from 8, however noisy its measurements.
 * A link where no step up has gained yet, whose step up was given back (a line capped as a whole, or a
 * client or host that tops out below it), then steps down to half the initial count (`floor`), kept if the
 * fewer connections carry at least DOWN_KEEP_SHARE of the best rate seen at more; a step down that loses
 * is given back and none is tried again. Connections a link does not need cost the client CPU and memory
 * and load the router: a line capped as a whole runs on 4 instead of 8 between its probes (docs/transfer-engine.md).
 * A baseline during which the caller's event loop was busy for at least SATURATED_SHARE of the time
 * (`loopBusyMs`), or a probe measured so that gained nothing, steps down to SATURATED_FLOOR (kept if it
 * carries DOWN_KEEP_SHARE of the rate): a client that cannot process more bytes gains nothing from more
 * connections, and each costs it and the server CPU. After a hold a saturated count is measured afresh; at
 * SATURATED_FLOOR, still saturated and no step ever gained, it holds again rather than probe.
 * After a step that is not kept whole, the count holds for `holdIntervals` before a smaller probe (+25 %)
 * tries again on a proven link, a doubling (within `unprovenCeiling`) on an unproven one, and an unproven
 * link already at `unprovenCeiling` is measured again and judged as the doubling from the first baseline;
 * only a doubling proves a link. Each further probe that fails doubles the hold (up to `maxHoldIntervals`),
 * so a plateau is not probed over and over. A probe that shows too little gain is measured for as long again
 * and judged on both measurements together before it is cut. A step that shows clearly more than the
 * proportional gain is kept, and the rate at its count measured afresh before it serves as the next step's
 * baseline.
 *
 * Its `verdict` says why the count is what it is (adaptive-phase.ts): `measuring` until a step is judged (and
 * again after a step is kept), `cpu` once a step gained nothing with the loop saturated, or a saturated step
 * down carried as much, `link` once a step gained nothing, or too little, otherwise (or fewer carried as much),
 * `ceiling` once a kept step reached `ceiling`.
 *
 * Pure: the caller feeds it byte counts, its clock and how many connections are really open; a sample
 * taken while fewer than the target are open (no budget slot, nothing left to split) decides nothing.
 */

import {
  type AdaptiveConnectionsOptions,
  DOWN_KEEP_SHARE,
  SATURATED_FLOOR,
  SMALL_STEP,
  SUPERLINEAR_SHARE,
} from './adaptive-options.js';
import { afresh, type DownCause, type Goal, measuring, type Phase, type Verdict } from './adaptive-phase.js';
import { DEFAULT_MEASURE_INTERVALS, intervalsNeeded, type Reading, sampleWindow } from './adaptive-window.js';

export class AdaptiveConnections {
  #ceiling: number;
  readonly #initial: number;
  readonly #measureIntervals: number;
  readonly #holdIntervals: number;
  readonly #minGainShare: number;
  readonly #kneeGainShare: number;
  readonly #unprovenKneeGainShare: number;
  readonly #kneeMargin: number;
  readonly #maxHoldIntervals: number;
  /** Fewest connections a step down goes to: half the initial count. */
  readonly #floor: number;
  /** Causes of step downs that lost rate: none of that cause is tried again. */
  readonly #downFailed = new Set<DownCause>();
  /** A step up was kept or went to its knee: the link carries more with more connections, up to a point. */
  #gained = false;
  /** A step has grown the rate in proportion: this link paces each connection. */
  #proven = false;
  /** The last measurement found the loop saturated: its rate is no baseline for a probe, measure afresh first. */
  #saturated = false;
  /** Hold before the next probe; doubles after each probe that was not kept whole. */
  #nextHold: number;
  #target: number;
  #phase: Phase = afresh();
  /** Rate measured at the current target (baseline of the next probe). */
  #lastRate = 0;
  /**
   * `#lastRate` is not the current count's: a probe was given back, and the rate the count had before it may
   * have moved since (a client no longer CPU-bound, a line shared anew). The next probe is measured from a fresh
   * baseline: against the old one, every probe after a client stopped being CPU-bound at 600 MB/s read as a loss.
   */
  #rateStale = false;
  /** The first baseline: the count the file started with and its rate (re-proof at the unproven ceiling). */
  #firstBaseline: { from: number; baselineRate: number } | undefined;
  /** Highest count reached so far (diagnostics and tests). */
  #peak: number;
  /** Why the count is what it is: the last verdict (adaptive-phase.ts). */
  #verdict: Verdict = 'measuring';

  constructor(options: AdaptiveConnectionsOptions) {
    this.#ceiling = Math.max(1, Math.floor(options.ceiling));
    this.#initial = Math.max(1, Math.floor(options.initial));
    this.#target = Math.min(this.#ceiling, this.#initial);
    this.#measureIntervals = Math.max(1, options.measureIntervals ?? DEFAULT_MEASURE_INTERVALS);
    this.#holdIntervals = options.holdIntervals ?? 5;
    this.#minGainShare = options.minGainShare ?? 0.6;
    this.#kneeGainShare = options.kneeGainShare ?? 0.15;
    this.#unprovenKneeGainShare = options.unprovenKneeGainShare ?? 0.3;
    this.#kneeMargin = options.kneeMargin ?? 0.1;
    this.#maxHoldIntervals = Math.max(this.#holdIntervals, options.maxHoldIntervals ?? 40);
    this.#nextHold = this.#holdIntervals;
    this.#peak = this.#target;
    this.#floor = Math.max(1, Math.ceil(this.#target / 2));
  }

  get target(): number {
    return this.#target;
  }

  /** Most connections before the link is proven: twice the initial count, within the cap. */
  get #unprovenCeiling(): number {
    return Math.min(this.#ceiling, 2 * this.#initial);
  }

  get peak(): number {
    return this.#peak;
  }

  /**
   * The hard cap changed (files joined or left a line): a target above it, or one the old cap held below the
   * initial count, moves within it (to the initial count) and is measured afresh; one steady at the old cap probes.
   */
  setCeiling(ceiling: number): void {
    const next = Math.max(1, Math.floor(ceiling));
    if (next === this.#ceiling) return;
    const raised = next > this.#ceiling;
    const heldByCap = this.#target === this.#ceiling && this.#target < this.#initial;
    this.#ceiling = next;
    if (this.#target > next || (raised && heldByCap)) {
      this.#target = Math.min(next, Math.max(this.#target, this.#initial));
      this.#phase = afresh();
    } else if (raised && this.#phase.kind === 'steady') {
      if (this.#verdict === 'ceiling') this.#verdict = 'measuring';
      this.#phase = { kind: 'holding', intervalsLeft: 1 };
    }
  }

  /** Why the target is what it is (read when a progress event is built, not per sample). */
  get verdict(): Verdict {
    return this.#verdict;
  }

  /**
   * One interval passed: `totalBytes` received so far, `nowMs` the caller's clock, `open` connections open
   * right now, `loopBusyMs` how long the caller's event loop has been busy in all (its clock's unit; omitted:
   * never saturated). Returns the (possibly new) target.
   */
  sample(totalBytes: number, nowMs: number, open: number, loopBusyMs?: number): number {
    const phase = this.#phase;
    // Not all connections open (budget taken by other files, or too little left to split), or more than the
    // target still open (lanes above it finish their segments first): no verdict.
    if (open !== this.#target) {
      if (phase.kind === 'measuring' || phase.kind === 'settling')
        this.#phase = { kind: 'settling', goal: phase.goal };
      return this.#target;
    }
    switch (phase.kind) {
      case 'settling':
        // The interval right after a change (or the start) shows connections ramping up: not measured.
        this.#phase = measuring(phase.goal, totalBytes, nowMs, loopBusyMs, false);
        break;
      case 'measuring': {
        const needed = intervalsNeeded(this.#measureIntervals, this.#proven);
        const window = sampleWindow(phase, needed, { totalBytes, nowMs, loopBusyMs });
        if (!window.done) {
          this.#phase = { ...phase, intervals: window.intervals };
          break;
        }
        const { reading, saturated } = window;
        // A step that seems not to pay is measured for as long again before it is cut or given back, and
        // judged on both measurements together: one 100 ms interval on a busy machine can dip to a third of
        // the next (a per-connection-capped GiB went 22 → 106 MiB per interval at 32 connections: reads
        // deferred, then delivered at once). Judged on the dip, the step went back and one benchmark round
        // stayed at 16; judged on the interval after it alone, a dip in that one did the same (48 then 34).
        if (
          phase.goal.kind === 'probe' &&
          !phase.remeasured &&
          this.#shareOf(phase.goal, reading.rate) < this.#minGainShare
        ) {
          this.#phase = { ...phase, intervals: 0, remeasured: true };
          break;
        }
        // The first baseline read the loop saturated: a process warming up reads busy for its first second or
        // so, which a link that paces each connection cannot tell from a computer at its limit. Measured once
        // more, afresh, before a step down is tried (one that loses costs the lanes' drain and a second baseline).
        if (phase.goal.kind === 'baseline' && saturated && !phase.remeasured && !this.#firstBaseline) {
          this.#phase = measuring(phase.goal, totalBytes, nowMs, loopBusyMs, true);
          break;
        }
        if (phase.goal.kind === 'down') this.#judgeDown(phase.goal, reading.rate, saturated);
        else if (saturated) this.#judgeSaturated(phase.goal, reading);
        else {
          this.#saturated = false;
          this.#judge(phase.goal, reading);
        }
        break;
      }
      case 'holding':
        if (phase.intervalsLeft > 1)
          this.#phase = { kind: 'holding', intervalsLeft: phase.intervalsLeft - 1 };
        else if (this.#saturated || this.#rateStale)
          this.#phase = measuring(
            { kind: 'baseline', fraction: this.#proven ? SMALL_STEP : 1 },
            totalBytes,
            nowMs,
            loopBusyMs,
            false,
          );
        else if (!this.#proven && this.#target >= this.#unprovenCeiling && this.#firstBaseline)
          // At the most an unproven link may have, no probe is left that could prove it: the count is
          // measured afresh and judged as the doubling from the initial count it is. The first judgement
          // of that doubling came out at the knee on one bad measurement now and then (a benchmark round
          // stayed at 16 under a per-connection pace for its whole 4.1 s); a client that really tops out
          // between 8 and 16 is judged the same way again and stays.
          this.#phase = measuring(
            { kind: 'probe', ...this.#firstBaseline },
            totalBytes,
            nowMs,
            loopBusyMs,
            false,
          );
        // A proven link seeks its plateau in small steps; an unproven one probes a doubling again (capped at
        // twice the initial count): a small step's gain is too easily noise to prove anything.
        else this.#step(this.#lastRate, this.#proven ? SMALL_STEP : 1);
        break;
      case 'steady':
        break;
    }
    this.#peak = Math.max(this.#peak, this.#target);
    return this.#target;
  }

  #judge(goal: Exclude<Goal, { kind: 'down' }>, reading: Reading): void {
    const { rate, totalBytes, nowMs, loopBusyMs } = reading;
    if (goal.kind === 'baseline') {
      this.#firstBaseline ??= { from: this.#target, baselineRate: rate };
      this.#lastRate = rate;
      this.#rateStale = false;
      this.#step(rate, goal.fraction);
      return;
    }
    const share = this.#shareOf(goal, rate);
    if (share >= this.#minGainShare) {
      // Only a doubling proves the link: +25 % on 8 connections is +2, whose "proportional gain" (+25 %) one
      // noisy interval on a shared line can show.
      const doubled = this.#target >= 2 * goal.from;
      if (doubled) this.#proven = true;
      this.#gained = true;
      this.#verdict = 'measuring';
      this.#nextHold = this.#holdIntervals;
      // The next step is as large as the one kept: a doubling after a doubling (a CDN pacing each connection
      // keeps doubling to the ceiling), +25 % after a +25 % probe. A +25 % probe passes on a gain that one
      // noisy measurement can show (+15 % of the rate); followed by a doubling, it sent an uncapped 4 GiB
      // download from 20 to 32 connections, which only cost memory and CPU there.
      const fraction = doubled ? 1 : SMALL_STEP;
      // More than the proportional gain: the step is kept, but one of the two rates is off (a burst in the
      // proof, or a baseline taken in TCP slow start), so the rate at the new count is measured afresh before
      // it is the next step's baseline (docs/transfer-connections.md, "Adaptive connections", item 3: a proof of
      // 8 → 16 received 57 MiB in 100 ms where 16 × 20 MB/s bring 30.5, and 32 then looked no better).
      if (share > SUPERLINEAR_SHARE) {
        this.#phase = measuring({ kind: 'baseline', fraction }, totalBytes, nowMs, loopBusyMs, false);
        return;
      }
      this.#lastRate = rate;
      this.#step(rate, fraction);
      return;
    }
    if (this.#atKnee(goal, rate, share)) this.#lastRate = rate;
    else {
      // No (or too little) gain: give the step back.
      this.#target = goal.from;
      this.#rateStale = true;
    }
    // A loop saturated meanwhile took no more bytes: this computer is the limit, else the line (or the server).
    this.#verdict = this.#saturated ? 'cpu' : 'link';
    // More connections added nothing, and no step up ever did: maybe fewer carry as much. Not once a step
    // gained (kept, or at its knee): fewer would lose there.
    if (!this.#gained && !this.#downFailed.has('no-gain') && this.#target > this.#floor) {
      this.#nextHold = Math.min(this.#maxHoldIntervals, this.#nextHold * 2);
      this.#stepDown(Math.max(rate, goal.baselineRate), this.#floor, 'no-gain');
      return;
    }
    this.#hold();
  }

  /**
   * A step that gained less than in proportion but enough for its knee: the count settles where the new rate
   * needs the connections it took at the old per-connection rate, plus a margin. False: not even that.
   */
  #atKnee(goal: Extract<Goal, { kind: 'probe' }>, rate: number, share: number): boolean {
    if (share < this.#kneeShare()) return false;
    this.#gained = true;
    const needed = (rate * goal.from) / goal.baselineRate;
    this.#target = Math.min(
      this.#target,
      Math.max(goal.from + 1, Math.ceil(needed * (1 + this.#kneeMargin))),
    );
    return true;
  }

  /**
   * The loop was saturated: a baseline, or a probe that gained nothing (not even its knee), steps down to
   * SATURATED_FLOOR unless a step ever gained or a saturated step down lost rate. Anything else is judged as
   * usual: a probe that gained shows a link whose bytes the client still took in (docs/transfer-engine.md).
   */
  #judgeSaturated(goal: Exclude<Goal, { kind: 'down' }>, reading: Reading): void {
    const { rate } = reading;
    this.#saturated = true;
    const from = goal.kind === 'probe' ? goal.from : this.#target;
    // At the floor and still saturated: a probe up would only cost connections (it gained nothing here).
    if (goal.kind === 'baseline' && from <= SATURATED_FLOOR && !this.#gained) {
      this.#lastRate = rate;
      this.#verdict = 'cpu';
      this.#hold();
      return;
    }
    const gainedNothing = goal.kind === 'baseline' || this.#shareOf(goal, rate) < this.#kneeShare();
    if (gainedNothing && !this.#gained && !this.#downFailed.has('saturated') && from > SATURATED_FLOOR) {
      if (goal.kind === 'baseline') this.#firstBaseline ??= { from, baselineRate: rate };
      this.#target = from;
      this.#lastRate = goal.kind === 'probe' ? Math.max(rate, goal.baselineRate) : rate;
      this.#stepDown(this.#lastRate, SATURATED_FLOOR, 'saturated');
      return;
    }
    this.#judge(goal, reading);
  }

  /** The smallest share of the proportional gain that moves the count to the knee. */
  #kneeShare(): number {
    return this.#proven ? this.#kneeGainShare : this.#unprovenKneeGainShare;
  }

  /** Hold the count for the next hold, and double the one after (up to the longest). */
  #hold(): void {
    this.#phase = { kind: 'holding', intervalsLeft: this.#nextHold };
    this.#nextHold = Math.min(this.#maxHoldIntervals, this.#nextHold * 2);
  }

  /** Keep a step down that carries (nearly) as much (saturated as measured there); give back one that loses. */
  #judgeDown(goal: Extract<Goal, { kind: 'down' }>, rate: number, saturated: boolean): void {
    if (rate >= DOWN_KEEP_SHARE * goal.referenceRate) {
      this.#lastRate = rate;
      this.#saturated = saturated;
      this.#verdict = goal.cause === 'saturated' ? 'cpu' : 'link';
      this.#phase = { kind: 'holding', intervalsLeft: this.#nextHold };
      return;
    }
    this.#downFailed.add(goal.cause);
    this.#target = goal.from;
    this.#lastRate = goal.referenceRate;
    // The loop was not the limit (a process warming up reads busy): no hold, but a fresh baseline, then the
    // doubling: the warm-up's rate may be a burst against which 16 looks like a knee (docs/transfer-connections.md, item 6).
    if (goal.cause === 'saturated' && !saturated) {
      this.#firstBaseline = undefined;
      this.#phase = afresh();
    } else this.#phase = { kind: 'holding', intervalsLeft: this.#nextHold };
  }

  /** Go down to `floor`, to be judged against `referenceRate`. */
  #stepDown(referenceRate: number, floor: number, cause: DownCause): void {
    const from = this.#target;
    this.#target = Math.min(from, floor);
    this.#phase = { kind: 'settling', goal: { kind: 'down', from, referenceRate, cause } };
  }

  /** The gain of a step as a share of the proportional gain (what its connections would add at the old rate each). */
  #shareOf(goal: Extract<Goal, { kind: 'probe' }>, rate: number): number {
    const added = this.#target - goal.from;
    return goal.baselineRate > 0 ? (rate / goal.baselineRate - 1) / (added / goal.from) : 0;
  }

  /** Probe `fraction` more connections (at least one) unless at the ceiling or nothing flows. */
  #step(rate: number, fraction: number): void {
    const ceiling = this.#proven ? this.#ceiling : this.#unprovenCeiling;
    if (this.#target >= ceiling || rate <= 0) {
      if (this.#target >= this.#ceiling) {
        this.#phase = { kind: 'steady' };
        // Reached by steps that paid; not a knee that happened to land at the cap (its verdict stands).
        if (this.#verdict === 'measuring') this.#verdict = 'ceiling';
      } else this.#phase = { kind: 'holding', intervalsLeft: this.#nextHold };
      return;
    }
    const from = this.#target;
    this.#target = Math.min(ceiling, from + Math.max(1, Math.ceil(from * fraction)));
    this.#phase = { kind: 'settling', goal: { kind: 'probe', from, baselineRate: rate } };
  }
}
