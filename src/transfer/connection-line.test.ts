import { describe, expect, it } from 'vitest';
import { ConnectionLine, type LineFile } from './connection-line.js';

/** A file on a line: its lanes and whether it has work are set by the test. */
function file(group: object, connections = 32, lanes = 1, work = true) {
  const state = { lanes, work };
  const spec: LineFile = {
    group,
    initial: 8,
    connections,
    intervalMs: 100,
    lanes: () => state.lanes,
    hasWork: () => state.work,
  };
  return { spec, state };
}

describe('ConnectionLine', () => {
  it('gives one file the whole count within its cap', () => {
    const line = new ConnectionLine();
    const alone = line.join(file({}).spec);
    expect(alone.target).toBe(8);
    const capped = new ConnectionLine().join(file({}, 4).spec);
    expect(capped.target).toBe(4);
  });

  it('splits the count between downloads first, then between a download’s files', () => {
    const line = new ConnectionLine();
    const first = {};
    const second = {};
    const a = line.join(file(first).spec);
    const b = line.join(file(first).spec);
    const c = line.join(file(first).spec);
    const d = line.join(file(second).spec);
    // 8 between two downloads: 4 and 4; the first's 4 between its three files, the rounding to the first.
    expect([a.target, b.target, c.target, d.target]).toEqual([2, 1, 1, 4]);
  });

  it('gives what a capped file leaves to the others, and at least one to each', () => {
    const line = new ConnectionLine();
    const group = {};
    const small = line.join(file(group, 1).spec);
    const large = line.join(file(group, 32).spec);
    expect([small.target, large.target]).toEqual([1, 7]);
    const crowded = new ConnectionLine();
    const members = Array.from({ length: 10 }, () => crowded.join(file({}).spec));
    expect(members.map((member) => member.target)).toEqual(Array(10).fill(1));
  });

  it('leaves a file with nothing left to split the lanes it runs, and the rest to the others', () => {
    const line = new ConnectionLine();
    const ending = file({}, 32, 3, false);
    const ends = line.join(ending.spec);
    const other = line.join(file({}).spec);
    expect([ends.target, other.target]).toEqual([3, 5]);
  });

  it('asks a download above its share to yield at once only when another runs no more than its own', () => {
    const line = new ConnectionLine();
    const firstFile = file({}, 32, 7);
    const first = line.join(firstFile.spec);
    const secondFile = file({}, 32, 1);
    const second = line.join(secondFile.spec);
    // 8 split 4 / 4: the first runs 7, the second 1.
    expect(first.yieldNow).toBe(true);
    expect(second.yieldNow).toBe(false);
    // Both above their shares (the count went down for all): lanes end at their segment boundaries.
    secondFile.state.lanes = 6;
    expect(first.yieldNow).toBe(false);
    // One download alone never yields at once.
    const alone = new ConnectionLine().join(file({}, 32, 20).spec);
    expect(alone.yieldNow).toBe(false);
  });

  it('samples once per interval, whichever file ticks, on the bytes and connections of all', () => {
    const line = new ConnectionLine();
    const a = line.join(file({}).spec);
    const b = line.join(file({}).spec);
    // A line of 8 MB/s capped as a whole, split among however many connections are open (half on each file).
    const run = (from: number, to: number, open: number) => {
      for (let t = from; t < to; t += 50) {
        for (let i = 0; i < open; i++) (i % 2 ? a : b).received(400_000 / open);
        a.tick(t, 0, true);
        b.tick(t + 1, 0, true);
      }
    };
    for (let i = 0; i < 8; i++) (i % 2 ? a : b).flowing(1);
    run(0, 600, 8);
    // A line capped as a whole: 16 connections carry what 8 did, so the step is given back.
    expect(line.target).toBe(16);
    for (let i = 0; i < 8; i++) (i % 2 ? a : b).flowing(1);
    run(600, 1200, 16);
    expect(line.target).toBeLessThanOrEqual(8);
    expect(a.verdict).toBe('link');
  });

  it('keeps what it said once a file left, and forgets the count when the last one leaves', () => {
    const line = new ConnectionLine();
    const only = line.join(file({}, 4).spec);
    only.leave();
    expect(only.target).toBe(4);
    expect(line.target).toBe(0);
    const next = line.join(file({}).spec);
    expect(next.target).toBe(8);
  });
});
