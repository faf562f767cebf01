/**
 * A set of byte ranges, kept sorted, disjoint and merged. Ranges are half-open: [start, end).
 * It records which bytes of a temp file are known to be on disk (the resume map), and yields the
 * missing ranges a transfer still has to fetch.
 */
export type ByteRange = [start: number, end: number];

export class RangeSet {
  #ranges: ByteRange[] = [];

  constructor(ranges: Iterable<ByteRange> = []) {
    for (const [start, end] of ranges) this.add(start, end);
  }

  /** Adds [start, end); overlapping and touching ranges merge. Returns the bytes that were new. */
  add(start: number, end: number): number {
    if (!(end > start)) return 0;
    const ranges = this.#ranges;
    // First range whose end reaches start (touching counts, so adjacent ranges merge).
    const first = lowerBoundByEnd(ranges, start);
    let mergedStart = start;
    let mergedEnd = end;
    let covered = 0;
    let last = first;
    while (last < ranges.length) {
      const range = ranges[last]!;
      if (range[0] > end) break;
      covered += Math.max(0, Math.min(range[1], end) - Math.max(range[0], start));
      mergedStart = Math.min(mergedStart, range[0]);
      mergedEnd = Math.max(mergedEnd, range[1]);
      last++;
    }
    ranges.splice(first, last - first, [mergedStart, mergedEnd]);
    return end - start - covered;
  }

  /** True when every byte of [start, end) is in the set. */
  covers(start: number, end: number): boolean {
    if (!(end > start)) return true;
    const index = lowerBoundByEnd(this.#ranges, start + 1);
    const range = this.#ranges[index];
    return range !== undefined && range[0] <= start && range[1] >= end;
  }

  /** Bytes of [start, end) that are not in the set. */
  uncoveredBytes(start: number, end: number): number {
    let covered = 0;
    for (const [rangeStart, rangeEnd] of this.#ranges) {
      if (rangeStart >= end) break;
      covered += Math.max(0, Math.min(rangeEnd, end) - Math.max(rangeStart, start));
    }
    return Math.max(0, end - start - covered);
  }

  /** The gaps of [0, size) not in the set, in order. */
  missing(size: number): ByteRange[] {
    const gaps: ByteRange[] = [];
    let cursor = 0;
    for (const [start, end] of this.#ranges) {
      if (start >= size) break;
      if (start > cursor) gaps.push([cursor, start]);
      cursor = Math.max(cursor, end);
    }
    if (cursor < size) gaps.push([cursor, size]);
    return gaps;
  }

  /** End of the run of set bytes that starts at `position` (`position` itself when it is not in the set). */
  contiguousEnd(position: number): number {
    const range = this.#ranges[lowerBoundByEnd(this.#ranges, position)];
    return range !== undefined && range[0] <= position ? Math.max(position, range[1]) : position;
  }

  get totalBytes(): number {
    let total = 0;
    for (const [start, end] of this.#ranges) total += end - start;
    return total;
  }

  /** The highest end of any range (0 when empty). */
  get maxEnd(): number {
    return this.#ranges.at(-1)?.[1] ?? 0;
  }

  clear(): void {
    this.#ranges = [];
  }

  toArray(): ByteRange[] {
    return this.#ranges.map(([start, end]) => [start, end]);
  }
}

/** Index of the first range whose end is >= position. */
function lowerBoundByEnd(ranges: ByteRange[], position: number): number {
  let low = 0;
  let high = ranges.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (ranges[mid]![1] < position) low = mid + 1;
    else high = mid;
  }
  return low;
}
