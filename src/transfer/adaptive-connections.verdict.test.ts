/** Why the controller holds the count it has (its `verdict`, src/progress/connections-reason.ts). */
import { describe, expect, it } from 'vitest';
import { clientTopsOut, MB, paced, simulate } from '../../test/support/transfer/adaptive-simulation.js';
import { AdaptiveConnections } from './adaptive-connections.js';

describe('AdaptiveConnections: verdict', () => {
  it('is measuring until a step is judged, then the cap when every doubling paid (paced connections)', () => {
    const controller = new AdaptiveConnections({ initial: 8, ceiling: 32 });
    expect(controller.verdict).toBe('measuring');
    simulate(controller, paced, 3);
    expect(controller.verdict).toBe('measuring');
    simulate(controller, paced, 10);
    expect(controller.verdict).toBe('ceiling');
    // A cap below the count a file starts with: nothing to grow into.
    const capped = new AdaptiveConnections({ initial: 8, ceiling: 5 });
    simulate(capped, paced, 5);
    expect(capped.verdict).toBe('ceiling');
  });

  it('is the line once more connections add nothing, or too little (a line capped as a whole, a knee)', () => {
    const shared = new AdaptiveConnections({ initial: 8, ceiling: 32 });
    simulate(shared, (n) => Math.min(paced(n), 50 * MB), 200);
    expect(shared.verdict).toBe('link');
    expect(clientTopsOut(400, 60).controller.verdict).toBe('link');
  });

  it('stays the line when a knee lands at the cap: the cap was not reached by steps that paid', () => {
    // 8 → 16 doubles the rate (kept, proven); 16 → 20 (the cap) gains 57 % of its share: the knee, 21, is
    // above the cap, so the count stays at 20, and the verdict is the line's, not the cap's.
    const controller = new AdaptiveConnections({ initial: 8, ceiling: 20 });
    const targets = simulate(controller, (n) => (n <= 16 ? paced(n) : paced(16) * 1.1425), 60);
    expect(targets.at(-1)).toBe(20);
    expect(controller.verdict).toBe('link');
  });

  it('is the CPU once the loop was saturated and fewer connections carried as much', () => {
    const controller = new AdaptiveConnections({ initial: 8, ceiling: 32 });
    simulate(
      controller,
      () => 600 * MB,
      40,
      undefined,
      () => 1,
    );
    expect(controller.verdict).toBe('cpu');
    // A saturated step down that lost is given back; the probe up that then gains nothing tells the CPU.
    const topped = new AdaptiveConnections({ initial: 8, ceiling: 32 });
    simulate(
      topped,
      (n) => Math.min(paced(n), 120 * MB),
      80,
      undefined,
      (n) => (n >= 6 ? 1 : 0.5),
    );
    expect(topped.verdict).toBe('cpu');
  });

  it('follows the controller: the CPU while saturated, the cap once the loop has room and doublings pay', () => {
    const controller = new AdaptiveConnections({ initial: 8, ceiling: 32 });
    let roomy = false;
    const verdicts: string[] = [];
    simulate(
      controller,
      (n) => (roomy ? paced(n) : 600 * MB),
      80,
      undefined,
      (_n, interval) => {
        verdicts.push(controller.verdict);
        roomy = interval >= 19;
        return roomy ? 0.3 : 1;
      },
    );
    // The first baseline at 8 is measured twice (both saturated), then 2 are measured: `cpu` from there on.
    expect(
      verdicts.slice(8, 20).every((verdict) => verdict === 'cpu'),
      verdicts.join(' '),
    ).toBe(true);
    expect(controller.verdict).toBe('ceiling');
  });
});
