/**
 * The states of the adaptive connection controller (adaptive-connections.ts): what it is measuring and why,
 * and the verdict it holds its count on.
 */
import type { ConnectionsReason } from '../progress/connections-reason.js';

/**
 * Why the controller holds the count it has (src/progress/connections-reason.ts): its last verdict. A probe
 * under way does not change it (it is judged within a few intervals); a step kept makes it `measuring` again
 * (the count still grows), unless it reached the cap. Where the cap came from, and a rate limit, only the
 * caller knows.
 */
export type Verdict = Extract<ConnectionsReason, 'measuring' | 'cpu' | 'link' | 'ceiling'>;

/**
 * What a measurement is for: the rate at the current count (a baseline; `fraction` is the size of the step
 * tried next, as a share of the count), the verdict on a step up from `from`, or on a step down from `from`
 * (kept if its rate is at least DOWN_KEEP_SHARE (adaptive-options.ts) of `referenceRate`).
 */
export type Goal =
  | { kind: 'baseline'; fraction: number }
  | { kind: 'probe'; from: number; baselineRate: number }
  | { kind: 'down'; from: number; referenceRate: number; cause: DownCause };

/** Why a step down was tried: no step up gained, or the caller's loop was saturated. */
export type DownCause = 'no-gain' | 'saturated';

export type Phase =
  | { kind: 'settling'; goal: Goal }
  | {
      kind: 'measuring';
      goal: Goal;
      startBytes: number;
      startMs: number;
      /** The caller's loop busy time at the start (undefined: not reported). */
      startBusyMs: number | undefined;
      intervals: number;
      /** This measurement extends a probe's first, which showed too little gain (from its start on). */
      remeasured: boolean;
    }
  | { kind: 'holding'; intervalsLeft: number }
  | { kind: 'steady' };

/**
 * A measurement of `goal` from `startBytes` at `startMs`: now, or a probe's own start when it is measured for
 * as long again (`remeasured`).
 */
export function measuring(
  goal: Goal,
  startBytes: number,
  startMs: number,
  startBusyMs: number | undefined,
  remeasured: boolean,
): Phase {
  return { kind: 'measuring', goal, startBytes, startMs, startBusyMs, intervals: 0, remeasured };
}

/** A count measured afresh: the interval after a change is skipped, then its rate is the next step's baseline. */
export function afresh(): Phase {
  return { kind: 'settling', goal: { kind: 'baseline', fraction: 1 } };
}
