import { describe, expect, it } from 'vitest';
import { SegmentScheduler } from './segment-scheduler.js';

describe('SegmentScheduler', () => {
  it('cuts missing ranges into about missing/connections segments, clamped', () => {
    const scheduler = new SegmentScheduler([[0, 1000]], {
      connections: 4,
      minSegmentBytes: 100,
      maxSegmentBytes: 400,
    });
    const even = new SegmentScheduler([[0, 1000]], {
      connections: 1,
      minSegmentBytes: 100,
      maxSegmentBytes: 300,
    });
    expect([even.next()?.end, even.next()?.end, even.next()?.end, even.next()?.end]).toEqual([
      300, 600, 900, 1000,
    ]);
    const segments = [scheduler.next(), scheduler.next(), scheduler.next(), scheduler.next()];
    expect(segments.map((segment) => [segment?.start, segment?.end])).toEqual([
      [0, 250],
      [250, 500],
      [500, 750],
      [750, 1000],
    ]);
  });

  it('never leaves a sliver smaller than the minimum behind', () => {
    const scheduler = new SegmentScheduler([[0, 150]], { connections: 4, minSegmentBytes: 100 });
    const segment = scheduler.next();
    expect([segment?.start, segment?.end]).toEqual([0, 150]);
  });

  it('steals the second half of the largest in-flight range when nothing is unassigned', () => {
    const scheduler = new SegmentScheduler(
      [
        [0, 400],
        [600, 1000],
      ],
      { connections: 2, minSegmentBytes: 50 },
    );
    const a = scheduler.next()!;
    const b = scheduler.next()!;
    expect([a.start, a.end, b.start, b.end]).toEqual([0, 400, 600, 1000]);
    a.position = 300;
    b.position = 650;
    const stolen = scheduler.next()!;
    expect([stolen.start, stolen.end]).toEqual([825, 1000]);
    expect(b.end).toBe(825);
    // Too little left anywhere to split.
    a.position = 390;
    b.position = 800;
    stolen.position = 950;
    expect(scheduler.next()).toBeUndefined();
    expect(scheduler.hasWork()).toBe(false);
  });

  it('requeues the unfetched rest of a segment', () => {
    const scheduler = new SegmentScheduler([[0, 100]], { connections: 1, minSegmentBytes: 10 });
    const segment = scheduler.next()!;
    segment.position = 40;
    scheduler.requeue(segment);
    const again = scheduler.next()!;
    expect([again.start, again.end]).toEqual([40, 100]);
  });

  it('hands the whole file to one segment and cancels the others', () => {
    const scheduler = new SegmentScheduler([[0, 1000]], { connections: 2, minSegmentBytes: 100 });
    const a = scheduler.next()!;
    const b = scheduler.next()!;
    scheduler.takeOverAll(b, 1000);
    expect(a.cancelled).toBe(true);
    expect([b.start, b.position, b.end, b.cancelled]).toEqual([0, 0, 1000, false]);
    expect([...scheduler.activeSegments]).toEqual([b]);
  });
});
