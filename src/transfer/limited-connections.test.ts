import { describe, expect, it } from 'vitest';
import { LimitedConnections } from './limited-connections.js';

const INTERVAL_MS = 100;

/**
 * A download under `limit` whose connections each carry `perConnection(t)` bytes/s (t: the interval), every
 * connection the bound allows open (unless `open` says otherwise): the limiter pays at most the limit, and
 * holds every byte back once the connections bring more. Returns the bound after each interval.
 */
function simulate(
  controller: LimitedConnections,
  options: {
    limit: number;
    base: number;
    intervals: number;
    perConnection: (interval: number) => number;
    open?: (bound: number) => number;
    /** The share of each interval the caller's event loop was busy (default: none). */
    busy?: (interval: number) => number;
  },
): number[] {
  const { limit, base, intervals, perConnection } = options;
  let paidBytes = 0;
  let heldBytes = 0;
  let loopBusyMs = 0;
  let bound = controller.bound(base);
  const bounds: number[] = [];
  for (let interval = 0; interval < intervals; interval++) {
    const open = options.open?.(bound) ?? bound;
    const offered = open * perConnection(interval);
    const paid = (Math.min(offered, limit) * INTERVAL_MS) / 1000;
    paidBytes += paid;
    if (offered > limit) heldBytes += paid;
    loopBusyMs += (options.busy?.(interval) ?? 0) * INTERVAL_MS;
    bound = controller.sample({
      paidBytes,
      heldBytes,
      nowMs: (interval + 1) * INTERVAL_MS,
      open,
      limit,
      base,
      loopBusyMs,
    });
    bounds.push(bound);
  }
  return bounds;
}

describe('LimitedConnections', () => {
  it('opens as many slow connections as the limit can use, and holds there', () => {
    // 4 MB/s; each connection paced at 300 kB/s; the base rule allows 2.
    const controller = new LimitedConnections(32);
    const bounds = simulate(controller, {
      limit: 4_000_000,
      base: 2,
      intervals: 60,
      perConnection: () => 300_000,
    });
    // floor(4 MB/s / 300 kB/s) = 13: 3.9 MB/s, just below the limit (the limiter never holds back).
    expect(bounds.at(-1)).toBe(13);
    expect(Math.max(...bounds)).toBe(13);
    // Judged after the settle and one window (1.5 s).
    expect(bounds.indexOf(13)).toBeLessThanOrEqual(15);
    expect(controller.grown).toBe(13);
  });

  it('never grows while the connections carry the limit (the base rule alone)', () => {
    const controller = new LimitedConnections(32);
    const bounds = simulate(controller, {
      limit: 4_000_000,
      base: 2,
      intervals: 60,
      perConnection: () => 20_000_000,
    });
    expect(new Set(bounds)).toEqual(new Set([2]));
    expect(controller.grown).toBeUndefined();
  });

  it('gives the connections back when the total reaches the limit (the connections sped up)', () => {
    const controller = new LimitedConnections(32);
    const bounds = simulate(controller, {
      limit: 4_000_000,
      base: 2,
      intervals: 120,
      perConnection: (interval) => (interval < 40 ? 300_000 : 2_000_000),
    });
    expect(bounds[39]).toBe(13);
    // A quarter of those above the base rule at a time, each judged over a window: back to 2.
    expect(bounds.at(-1)).toBe(2);
    expect(controller.grown).toBeUndefined();
    // Never more than before.
    expect(Math.max(...bounds.slice(40))).toBeLessThanOrEqual(13);
  });

  it('opens none while the loop is saturated: the machine, not the connections, is slow', () => {
    // Connections that would carry the limit, on a machine that cannot: 8 × 1.2 MB/s under 16 MB/s, the
    // loop busy throughout. Once it has room (the machine freed) they are the connections' own again.
    const controller = new LimitedConnections(32);
    const bounds = simulate(controller, {
      limit: 16_000_000,
      base: 8,
      intervals: 80,
      perConnection: () => 1_200_000,
      busy: (interval) => (interval < 40 ? 0.95 : 0.5),
    });
    expect(new Set(bounds.slice(0, 40))).toEqual(new Set([8]));
    // floor(16 MB/s / 1.2 MB/s) = 13.
    expect(bounds.at(-1)).toBe(13);
  });

  it('opens no more than the ceiling', () => {
    const controller = new LimitedConnections(32);
    const bounds = simulate(controller, {
      limit: 20_000_000,
      base: 10,
      intervals: 40,
      perConnection: () => 100_000,
    });
    expect(bounds.at(-1)).toBe(32);
  });

  it('judges nothing while fewer connections than the bound are open (a file near its end)', () => {
    const controller = new LimitedConnections(32);
    const bounds = simulate(controller, {
      limit: 4_000_000,
      base: 2,
      intervals: 40,
      perConnection: () => 300_000,
      open: () => 1,
    });
    expect(new Set(bounds)).toEqual(new Set([2]));
  });

  it('measures afresh after a reset (a changed limit), the base rule deciding meanwhile', () => {
    const controller = new LimitedConnections(32);
    simulate(controller, { limit: 4_000_000, base: 2, intervals: 20, perConnection: () => 300_000 });
    expect(controller.bound(2)).toBe(13);
    controller.reset();
    expect(controller.bound(2)).toBe(2);
    expect(controller.grown).toBeUndefined();
  });
});
