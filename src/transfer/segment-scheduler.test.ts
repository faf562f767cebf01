import { describe, expect, it } from 'vitest';
import { SegmentScheduler } from './segment-scheduler.js';

describe('SegmentScheduler', () => {
  it('cuts segments in file order, each 1/(2 × connections) of what is unassigned, clamped', () => {
    const clamped = new SegmentScheduler([[0, 1000]], {
      connections: () => 1,
      minSegmentBytes: 100,
      maxSegmentBytes: 300,
    });
    // 1000/2 → 300 (max), 700/2 → 300, 400/2 = 200, 200/2 = 100, then the last 100 (min).
    const ends = Array.from({ length: 5 }, () => clamped.next()?.end);
    expect(ends).toEqual([300, 600, 800, 900, 1000]);

    const scheduler = new SegmentScheduler([[0, 1600]], {
      connections: () => 4,
      minSegmentBytes: 50,
      maxSegmentBytes: 1000,
    });
    const first = [scheduler.next(), scheduler.next()].map((segment) => [segment?.start, segment?.end]);
    // 1600 / 8 = 200, then 1400 / 8 = 175.
    expect(first).toEqual([
      [0, 200],
      [200, 375],
    ]);
  });

  it('cuts for the connections the file has at each cut, not for its cap', () => {
    let lanes = 1;
    const scheduler = new SegmentScheduler([[0, 1600]], {
      connections: () => lanes,
      minSegmentBytes: 50,
      maxSegmentBytes: 1000,
    });
    // One lane: 1600 / 2; then four: 800 / 8 = 100; then eight: 700 / 16 → 44, clamped to 50.
    const first = scheduler.next();
    lanes = 4;
    const second = scheduler.next();
    lanes = 8;
    const third = scheduler.next();
    expect([first, second, third].map((segment) => [segment?.start, segment?.end])).toEqual([
      [0, 800],
      [800, 900],
      [900, 950],
    ]);
  });

  it('splits a mid-size file up front (defaults: 2 MiB minimum), so it needs no steal to spread', () => {
    // A steal shortens a request already sent: the bytes the server sent past the new end are wasted (a
    // 6 MB file as one segment plus a steal cost a mirror test ~3 MB more from the hub than the file).
    const scheduler = new SegmentScheduler([[0, 6_000_000]], { connections: () => 32 });
    // [0, 2 MiB), then the rest (less than a minimum would be left after another 2 MiB); nothing to steal.
    const ends = [scheduler.next()?.end, scheduler.next()?.end, scheduler.next()?.end];
    expect(ends).toEqual([2 * 1024 * 1024, 6_000_000, undefined]);
  });

  it('tapers toward the end: every segment ends well before the file does', () => {
    // Four connections at the same rate, each taking the next segment when its own is done: a simulation of
    // the hashed prefix. With equal segments the last ones cut would end with the file; tapered, what is
    // above the lowest unfinished segment when the last one ends is a few minimum segments.
    const size = 1024;
    const scheduler = new SegmentScheduler([[0, size]], {
      connections: () => 4,
      minSegmentBytes: 4,
      maxSegmentBytes: 64,
    });
    const sizes: number[] = [];
    const lanes = Array.from({ length: 4 }, () => ({ freeAt: 0 }));
    const finished: Array<{ start: number; end: number; at: number }> = [];
    for (;;) {
      const lane = lanes.reduce((a, b) => (a.freeAt <= b.freeAt ? a : b));
      const segment = scheduler.next();
      if (!segment) break;
      sizes.push(segment.end - segment.start);
      lane.freeAt += segment.end - segment.start;
      finished.push({ start: segment.start, end: segment.end, at: lane.freeAt });
      scheduler.finish(segment);
    }
    expect(sizes.reduce((sum, bytes) => sum + bytes, 0)).toBe(size);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeLessThanOrEqual(sizes[i - 1]!);
    expect(sizes.at(-1)).toBe(4);
    // When the last byte lands, the contiguous prefix (hashed as it grows) lacks only the segments still
    // in flight shortly before: at most one minimum segment per connection, plus the sliver rule.
    const lastAt = Math.max(...finished.map((segment) => segment.at));
    const inFlightAtEnd = finished.filter((segment) => segment.at > lastAt - 4);
    const lowest = Math.min(...inFlightAtEnd.map((segment) => segment.start));
    expect(size - lowest).toBeLessThanOrEqual(4 * 8);
  });

  it('never leaves a sliver smaller than the minimum behind', () => {
    const scheduler = new SegmentScheduler([[0, 150]], { connections: () => 4, minSegmentBytes: 100 });
    const segment = scheduler.next();
    expect([segment?.start, segment?.end]).toEqual([0, 150]);
  });

  it('steals the second half of the largest in-flight range when nothing is unassigned', () => {
    const scheduler = new SegmentScheduler([[0, 1000]], {
      connections: () => 1,
      minSegmentBytes: 100,
      maxSegmentBytes: 1000,
    });
    const [a, b, c, d] = [scheduler.next()!, scheduler.next()!, scheduler.next()!, scheduler.next()!];
    expect([a, b, c, d].map((segment) => [segment.start, segment.end])).toEqual([
      [0, 500],
      [500, 750],
      [750, 875],
      [875, 1000],
    ]);
    a.position = 300;
    b.position = 520;
    c.position = 800;
    d.position = 900;
    // b has the most left (230): its second half goes to the next connection.
    const stolen = scheduler.next()!;
    expect([stolen.start, stolen.end]).toEqual([635, 750]);
    expect(b.end).toBe(635);
    // Too little left anywhere to split (less than two minimum segments).
    a.position = 390;
    b.position = 600;
    stolen.position = 700;
    expect(scheduler.next()).toBeUndefined();
    expect(scheduler.hasWork()).toBe(false);
  });

  it('requeues the unfetched rest of a segment', () => {
    const scheduler = new SegmentScheduler([[0, 100]], {
      connections: () => 1,
      minSegmentBytes: 10,
      maxSegmentBytes: 100,
    });
    const segment = scheduler.next()!;
    expect([segment.start, segment.end]).toEqual([0, 50]);
    segment.position = 40;
    scheduler.requeue(segment);
    // [40, 50) is unassigned again, before [50, 100): the lowest bytes first.
    const again = scheduler.next()!;
    expect([again.start, again.end]).toEqual([40, 50]);
  });

  it('hands the whole file to one segment and cancels the others', () => {
    const scheduler = new SegmentScheduler([[0, 1000]], { connections: () => 2, minSegmentBytes: 100 });
    const a = scheduler.next()!;
    const b = scheduler.next()!;
    scheduler.takeOverAll(b, 1000);
    expect(a.cancelled).toBe(true);
    expect([b.start, b.position, b.end, b.cancelled]).toEqual([0, 0, 1000, false]);
    expect([...scheduler.activeSegments]).toEqual([b]);
  });
});
