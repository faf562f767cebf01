import { describe, expect, it } from 'vitest';
import { type Segment, SegmentScheduler } from './segment-scheduler.js';
import { DEFAULT_TRANSFER_TUNING } from './transfer-file.js';

describe('SegmentScheduler', () => {
  it('cuts segments in file order, each 1/(2 × connections) of what is unassigned, clamped', () => {
    const clamped = new SegmentScheduler([[0, 1000]], {
      connections: () => 1,
      minSegmentBytes: 100,
      maxSegmentBytes: 300,
    });
    // The file's first cut is a minimum one (the prefix rule, below); then 900/2 → 300 (max), 600/2 = 300,
    // 300/2 = 150, and the last 150 (less than a minimum would be left).
    const ends = Array.from({ length: 5 }, () => clamped.next()?.end);
    expect(ends).toEqual([100, 400, 700, 850, 1000]);

    const scheduler = new SegmentScheduler([[0, 1600]], {
      connections: () => 4,
      minSegmentBytes: 50,
      maxSegmentBytes: 1000,
    });
    // One cut at a time, each finished before the next (nothing in flight below it): 50 first, then
    // 1550 / 8 → 194, then 1356 / 8 → 170.
    const cuts = Array.from({ length: 3 }, () => {
      const segment = scheduler.next()!;
      scheduler.finish(segment);
      return [segment.start, segment.end];
    });
    expect(cuts).toEqual([
      [0, 50],
      [50, 244],
      [244, 414],
    ]);
  });

  it("gives a waiting segment's bytes to the next asker whole, and ends the wait of any segment left with nothing", () => {
    const scheduler = new SegmentScheduler([[0, 1000]], {
      connections: () => 2,
      minSegmentBytes: 400,
      maxSegmentBytes: 600,
    });
    const first = scheduler.next()!;
    const second = scheduler.next()!;
    expect([first.start, first.end, second.start, second.end]).toEqual([0, 400, 400, 1000]);
    const woken: string[] = [];
    // The second waits out a retry delay with 50 bytes fetched: 550 left, under two minimum segments, no steal.
    second.position = 450;
    second.stopWait = () => woken.push('second');
    const taken = scheduler.next()!;
    expect([taken.start, taken.end, second.end]).toEqual([450, 1000, 450]);
    expect(woken).toEqual(['second']);
    expect(second.stopWait).toBeUndefined();
    // Cut short (a limit set meanwhile) or cancelled (the server ignored Range), a waiting segment is woken too.
    first.stopWait = () => woken.push('first');
    scheduler.cutShort(first);
    expect(woken).toEqual(['second', 'first']);
    taken.stopWait = () => woken.push('taken');
    scheduler.takeOverAll(second, 1000);
    expect(woken).toEqual(['second', 'first', 'taken']);
  });

  it('cuts for the connections the file has at each cut, not for its cap', () => {
    let lanes = 1;
    const scheduler = new SegmentScheduler([[0, 1600]], {
      connections: () => lanes,
      minSegmentBytes: 50,
      maxSegmentBytes: 1000,
    });
    const cut = () => {
      const segment = scheduler.next()!;
      scheduler.finish(segment);
      return [segment.start, segment.end];
    };
    // The first cut (a minimum); then four lanes: 1550 / 8 → 194; then eight: 1356 / 16 → 85.
    const first = cut();
    lanes = 4;
    const second = cut();
    lanes = 8;
    expect([first, second, cut()]).toEqual([
      [0, 50],
      [50, 244],
      [244, 329],
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
    const finished = runLanes(scheduler, 4);
    const sizes = finished.map((segment) => segment.end - segment.start);
    expect(sizes.reduce((sum, bytes) => sum + bytes, 0)).toBe(size);
    // Past the largest cut (the first ones grow: the prefix rule, below), each is no larger than the one
    // before, down to the minimum; the last one takes what is left (less than two minimum segments).
    const largest = sizes.indexOf(Math.max(...sizes));
    for (let i = largest + 1; i < sizes.length - 1; i++) expect(sizes[i]!).toBeLessThanOrEqual(sizes[i - 1]!);
    expect(sizes.at(-2)).toBe(4);
    expect(sizes.at(-1)).toBeLessThan(8);
    // When the last byte lands, the contiguous prefix (hashed as it grows) lacks only the segments still
    // in flight shortly before: at most one minimum segment per connection, plus the sliver rule.
    const lastAt = Math.max(...finished.map((segment) => segment.at));
    const inFlightAtEnd = finished.filter((segment) => segment.at > lastAt - 4);
    const lowest = Math.min(...inFlightAtEnd.map((segment) => segment.start));
    expect(size - lowest).toBeLessThanOrEqual(4 * 8);
  });

  it('starts a file with small segments that grow, so the hashed prefix moves from the first one on', () => {
    // Eight connections starting together on 1 GiB, with the segment sizes transferFile uses (2–16 MiB). Cut
    // by the taper alone, the first eight segments were 16 MiB each and ended together: the prefix stood at
    // byte 0 until 128 MiB were on disk, and the hasher waited.
    const MiB = 1024 * 1024;
    const { minSegmentBytes, maxSegmentBytes } = DEFAULT_TRANSFER_TUNING;
    const scheduler = new SegmentScheduler([[0, 1024 * MiB]], {
      connections: () => 8,
      minSegmentBytes,
      maxSegmentBytes,
    });
    const finished = runLanes(scheduler, 8);
    const firstRound = finished
      .slice()
      .sort((a, b) => a.start - b.start)
      .slice(0, 8)
      .map((segment) => (segment.end - segment.start) / MiB);
    expect(firstRound[0]).toBe(2);
    expect(firstRound.reduce((sum, mib) => sum + mib, 0)).toBeLessThan(32);
    // Still full-size segments later on, at the cost of a few more requests (105 here, 96 by the taper alone).
    expect(Math.max(...finished.map((segment) => segment.end - segment.start))).toBe(maxSegmentBytes);
    expect(finished.length).toBeLessThan(115);
    // When 64 MiB are on disk (lanes at equal speed), most of them are a contiguous prefix.
    expect(prefixAt(finished, timeWhenWritten(finished, 64 * MiB))).toBeGreaterThan(32 * MiB);
  });

  it('lets a lone connection, and two, reach full-size segments', () => {
    const MiB = 1024 * 1024;
    const alone = runLanes(new SegmentScheduler([[0, 1024 * MiB]], { connections: () => 1 }), 1);
    // A minimum first cut, then the taper alone: nothing else is in flight.
    expect(alone.slice(0, 2).map((segment) => (segment.end - segment.start) / MiB)).toEqual([2, 64]);
    expect(alone.length).toBeLessThan(30);
    const two = runLanes(new SegmentScheduler([[0, 1024 * MiB]], { connections: () => 2 }), 2);
    expect(Math.max(...two.map((segment) => segment.end - segment.start))).toBe(64 * MiB);
    expect(two.length).toBeLessThan(50);
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
    const segments = Array.from({ length: 5 }, () => scheduler.next()!);
    expect(segments.map((segment) => [segment.start, segment.end])).toEqual([
      [0, 100],
      [100, 550],
      [550, 775],
      [775, 888],
      [888, 1000],
    ]);
    const [a, b, c, d, e] = segments as [Segment, Segment, Segment, Segment, Segment];
    a.position = 100;
    b.position = 200;
    c.position = 600;
    d.position = 800;
    e.position = 900;
    // b has the most left (350): its second half goes to the next connection.
    const stolen = scheduler.next()!;
    expect([stolen.start, stolen.end]).toEqual([375, 550]);
    expect(b.end).toBe(375);
    // Too little left anywhere to split (less than two minimum segments).
    b.position = 300;
    stolen.position = 400;
    c.position = 700;
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
    expect([segment.start, segment.end]).toEqual([0, 10]);
    segment.position = 4;
    scheduler.requeue(segment);
    // [4, 10) is unassigned again, before [10, 100): the lowest bytes first.
    const again = scheduler.next()!;
    expect([again.start, again.end]).toEqual([4, 10]);
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

  it('never cuts or steals more than the cap allows, below the minimum segment too, as the cap changes', () => {
    const MiB = 1024 * 1024;
    let cap = Number.POSITIVE_INFINITY;
    const scheduler = new SegmentScheduler([[0, 10 * MiB]], {
      connections: () => 2,
      minSegmentBytes: 2 * MiB,
      maxSegmentBytes: 4 * MiB,
      capBytes: () => cap,
    });
    const first = scheduler.next()!;
    expect(first.end - first.start).toBe(2 * MiB);
    cap = 768 * 1024;
    const sizes: number[] = [];
    for (let segment = scheduler.next(); segment && sizes.length < 40; segment = scheduler.next())
      sizes.push(segment.end - segment.start);
    // The rest of the unassigned bytes, then tails stolen from the first segment: none above the cap.
    expect(Math.max(...sizes)).toBeLessThanOrEqual(cap);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBeGreaterThan(8 * MiB);
  });

  it('cuts the segments in flight short when the cap drops: every byte is fetched once, none above the cap', () => {
    const MiB = 1024 * 1024;
    const size = 40 * MiB;
    let cap = Number.POSITIVE_INFINITY;
    const scheduler = new SegmentScheduler([[0, size]], {
      connections: () => 3,
      minSegmentBytes: MiB,
      maxSegmentBytes: 16 * MiB,
      capBytes: () => cap,
    });
    // Three connections, each a third into a segment cut without a cap: [1, 2), [2, 4) and [4, 7) MiB.
    const fetched: Array<[number, number]> = [];
    const first = scheduler.next()!;
    const inFlight = [scheduler.next()!, scheduler.next()!];
    scheduler.finish(first);
    fetched.push([first.start, first.end]);
    inFlight.push(scheduler.next()!);
    for (const segment of inFlight)
      segment.position = segment.start + Math.floor((segment.end - segment.start) / 3);
    const [small, middle, large] = inFlight as [Segment, Segment, Segment];
    expect([small.start, middle.start, large.start, large.end]).toEqual([1, 2, 4, 7].map((at) => at * MiB));
    // The largest had its tail cut off (as by a steal; that connection fetches it): its request still
    // reaches 2 MiB past its position.
    large.end = large.position + 1000;
    fetched.push([large.end, 7 * MiB]);

    cap = 768 * 1024;
    // All three were cut larger than the cap: the smallest too, though less than the cap is left of it.
    expect(small.end - small.position).toBeLessThan(768 * 1024);
    expect(scheduler.capInFlight()).toEqual([small, middle, large]);
    for (const segment of inFlight) {
      // What each connection claimed stays its own; it stops there.
      expect(segment.end).toBe(segment.position);
      fetched.push([segment.start, segment.position]);
      scheduler.finish(segment);
    }
    // Nothing left in flight may deliver more than the cap: a second call cuts nothing.
    expect(scheduler.capInFlight()).toEqual([]);
    for (let segment = scheduler.next(); segment; segment = scheduler.next()) {
      expect(segment.end - segment.start).toBeLessThanOrEqual(cap);
      // A segment cut under the cap is not cut again.
      segment.position = segment.start + 1;
      expect(scheduler.capInFlight()).toEqual([]);
      segment.position = segment.end;
      fetched.push([segment.start, segment.end]);
      scheduler.finish(segment);
    }
    // The segments fetched cover the file exactly once.
    fetched.sort(([a], [b]) => a - b);
    let covered = 0;
    for (const [start, end] of fetched) {
      expect(start).toBe(covered);
      covered = end;
    }
    expect(covered).toBe(size);
  });
});

interface FinishedSegment {
  start: number;
  end: number;
  /** When its last byte landed, in bytes one connection fetches (all at the same rate). */
  at: number;
}

/**
 * `lanes` connections at the same rate, starting together: each takes a segment, and the one whose segment
 * ends first finishes it and takes the next. Returns the segments in the order they were cut.
 */
function runLanes(scheduler: SegmentScheduler, lanes: number): FinishedSegment[] {
  const cut: FinishedSegment[] = [];
  const running: Array<{ segment: Segment; record: FinishedSegment }> = [];
  const take = (from: number) => {
    const segment = scheduler.next();
    if (!segment) return;
    const record = { start: segment.start, end: segment.end, at: from + segment.end - segment.start };
    cut.push(record);
    running.push({ segment, record });
  };
  for (let lane = 0; lane < lanes; lane++) take(0);
  while (running.length > 0) {
    running.sort((a, b) => a.record.at - b.record.at);
    const { segment, record } = running.shift()!;
    segment.position = segment.end;
    scheduler.finish(segment);
    take(record.at);
  }
  return cut;
}

/** When (in per-connection bytes) `bytes` of the file were on disk, every connection writing as it goes. */
function timeWhenWritten(segments: FinishedSegment[], bytes: number): number {
  const written = (at: number) =>
    segments.reduce(
      (sum, s) => sum + Math.max(0, Math.min(s.end - s.start, at - (s.at - (s.end - s.start)))),
      0,
    );
  let low = 0;
  let high = Math.max(...segments.map((s) => s.at));
  while (high - low > 1) {
    const mid = (low + high) / 2;
    if (written(mid) >= bytes) high = mid;
    else low = mid;
  }
  return high;
}

/** The contiguous bytes from 0 written by `at` (a segment's bytes land in order from its start). */
function prefixAt(segments: FinishedSegment[], at: number): number {
  let prefix = 0;
  for (const s of segments.slice().sort((a, b) => a.start - b.start)) {
    if (s.start > prefix) break;
    const begun = s.at - (s.end - s.start);
    prefix = Math.max(prefix, s.start + Math.max(0, Math.min(s.end - s.start, at - begun)));
    if (prefix < s.end) break;
  }
  return prefix;
}
