import { describe, expect, it } from 'vitest';
import { RangeSet } from './range-set.js';

describe('RangeSet', () => {
  it('merges overlapping and touching ranges and counts only new bytes', () => {
    const set = new RangeSet();
    expect(set.add(10, 20)).toBe(10);
    expect(set.add(30, 40)).toBe(10);
    expect(set.add(15, 35)).toBe(10);
    expect(set.toArray()).toEqual([[10, 40]]);
    expect(set.add(40, 50)).toBe(10);
    expect(set.add(0, 5)).toBe(5);
    expect(set.toArray()).toEqual([
      [0, 5],
      [10, 50],
    ]);
    expect(set.add(12, 18)).toBe(0);
    expect(set.add(7, 7)).toBe(0);
    expect(set.totalBytes).toBe(45);
    expect(set.maxEnd).toBe(50);
  });

  it('lists missing ranges of a size', () => {
    const set = new RangeSet([
      [10, 20],
      [30, 40],
    ]);
    expect(set.missing(50)).toEqual([
      [0, 10],
      [20, 30],
      [40, 50],
    ]);
    expect(set.missing(35)).toEqual([
      [0, 10],
      [20, 30],
    ]);
    expect(new RangeSet().missing(5)).toEqual([[0, 5]]);
    expect(new RangeSet([[0, 5]]).missing(5)).toEqual([]);
  });

  it('answers coverage questions', () => {
    const set = new RangeSet([
      [10, 20],
      [30, 40],
    ]);
    expect(set.covers(10, 20)).toBe(true);
    expect(set.covers(12, 15)).toBe(true);
    expect(set.covers(15, 25)).toBe(false);
    expect(set.covers(20, 30)).toBe(false);
    expect(set.uncoveredBytes(0, 50)).toBe(30);
    expect(set.uncoveredBytes(15, 35)).toBe(10);
  });

  it('stays consistent under many random adds (against a bitmap)', () => {
    const size = 500;
    const bitmap = new Uint8Array(size);
    const set = new RangeSet();
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 300; i++) {
      const start = Math.floor(random() * size);
      const end = Math.min(size, start + Math.floor(random() * 20));
      let expectedNew = 0;
      for (let b = start; b < end; b++) {
        if (!bitmap[b]) expectedNew++;
        bitmap[b] = 1;
      }
      expect(set.add(start, end)).toBe(expectedNew);
    }
    expect(set.totalBytes).toBe(bitmap.reduce((sum, bit) => sum + bit, 0));
    const ranges = set.toArray();
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBeGreaterThan(ranges[i - 1]![1]);
    for (const [start, end] of set.missing(size)) {
      for (let b = start; b < end; b++) expect(bitmap[b]).toBe(0);
    }
  });
});

describe('RangeSet.contiguousEnd', () => {
  it('is the end of the run of set bytes from a position', () => {
    const set = new RangeSet([
      [0, 10],
      [10, 20],
      [30, 40],
    ]);
    expect(set.contiguousEnd(0)).toBe(20);
    expect(set.contiguousEnd(15)).toBe(20);
    expect(set.contiguousEnd(20)).toBe(20);
    expect(set.contiguousEnd(25)).toBe(25);
    expect(set.contiguousEnd(30)).toBe(40);
    expect(new RangeSet().contiguousEnd(0)).toBe(0);
  });
});
