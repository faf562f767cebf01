/**
 * Hands out the missing byte ranges of one file to its connections, in file order. A segment is cut from
 * the unassigned bytes U as U / (TAPER × connections), clamped to [minSegmentBytes, maxSegmentBytes]
 * ("guided" scheduling): it lasts about 1 / TAPER of the time the connections still need for U, so every
 * segment ends well before the file does and the last ones handed out are small. The prefix hasher can
 * only follow the lowest unfinished segment; with equal segments to the end of the file, the bytes above
 * it when the last byte landed — hashed after it — were about connections × maxSegmentBytes
 * (docs/transfer-faults.md, "The hash after the last byte").
 *
 * The same holds at the start: cut by the taper alone, a file's first segments are its largest (16 MiB each,
 * transferFile's maximum, for 8 connections on 1 GiB), they all end at about the same time, and the hasher
 * waits for the first of them before it reads a byte. So a segment is also at most GROWTH / (connections − 1) of its distance above
 * the lowest byte an active segment has not written yet, the file's first segment is a minimum one, and
 * the segments near the hashed prefix are the small ones: the prefix grows from the first segment on, by the
 * segments' own order. With `connections − 1` other segments in flight between that byte and the next cut,
 * each segment can be GROWTH times the one before it, so the cuts still reach full size within a few rounds.
 *
 * Once nothing is left unassigned, a connection that finishes takes every byte of a segment whose connection
 * waits out a retry delay (a 503's backoff, a dropped connection's), else steals the second half of the largest
 * range still in flight (work stealing), so neither a slow connection nor one waiting to retry leaves the tail of a
 * file to itself.
 *
 * A Segment is mutable and shared with the connection fetching it: `position` is the next byte that
 * connection will write (advanced *before* the write starts, so a steal never splits a chunk in flight), and
 * `end` may shrink under it when another connection steals the tail. Connections must re-read `end` for
 * every chunk.
 *
 * A cap set while segments are in flight (a rate limit set mid-download) applies to them too: capInFlight
 * (below) takes back every byte not claimed yet from each segment cut larger than the cap, and they are cut
 * again under it.
 */
import type { ByteRange } from './range-set.js';

export interface Segment {
  readonly id: number;
  start: number;
  /** Exclusive; shrinks when the tail is stolen. */
  end: number;
  /**
   * End of the range the owner's request in flight asked for (or its last one): bytes up to here may still
   * arrive on its connection, past `end` too. Never below `end`; the owner sets it with every request.
   */
  requestEnd: number;
  /** Next byte to be written by the owning connection. */
  position: number;
  /** Set when the segment was taken away (e.g. a 200 full-body fallback); the owner must stop. */
  cancelled: boolean;
  /**
   * Set while the owner waits out a retry delay with no request in flight (segment-retries.ts): ends that wait
   * when the segment has nothing left for it (another connection took its bytes, it was cut short or cancelled).
   */
  stopWait?: () => void;
}

export interface SegmentSchedulerOptions {
  /**
   * Connections the file has, read at every cut (segmented-fetch.ts passes its lanes running, so a file
   * that has 8 of its 32 allowed cuts segments for 8).
   */
  connections: () => number;
  /** Smallest segment cut or stolen. Default 2 MiB. */
  minSegmentBytes?: number;
  /** Largest segment cut from an unassigned range. Default 64 MiB. */
  maxSegmentBytes?: number;
  /**
   * The most bytes one segment may ask for right now, below minSegmentBytes too, read at every cut and steal
   * (a rate limit's: rate-bound-budget.ts segmentBytesForLimits). Default: no such bound.
   */
  capBytes?: () => number;
}

export const DEFAULT_MIN_SEGMENT_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_SEGMENT_BYTES = 64 * 1024 * 1024;
/** A segment is 1 / (TAPER × connections) of the bytes not handed out yet (see above). */
const TAPER = 2;
/**
 * How much larger than the segments in flight below it a new segment may be (see above). The higher, the fewer
 * requests and the later the prefix moves; below ~1.5 two connections stop growing their cuts at all.
 */
const GROWTH = 2;

/** The segment of `segments` with the most bytes left (none cancelled or finished): the one to cut short. */
export function longestUnfinished(segments: Iterable<Segment>): Segment | undefined {
  let longest: Segment | undefined;
  for (const segment of segments) {
    if (segment.cancelled || segment.end <= segment.position) continue;
    if (!longest || segment.end - segment.position > longest.end - longest.position) longest = segment;
  }
  return longest;
}

export class SegmentScheduler {
  readonly #pending: ByteRange[];
  readonly #active = new Set<Segment>();
  readonly #minSegmentBytes: number;
  readonly #maxSegmentBytes: number;
  readonly #connections: () => number;
  readonly #capBytes: () => number;
  /** Bytes in #pending (not handed out). */
  #pendingBytes: number;
  #nextId = 1;

  constructor(missing: ByteRange[], options: SegmentSchedulerOptions) {
    this.#pending = missing.filter(([start, end]) => end > start).map(([start, end]) => [start, end]);
    this.#connections = options.connections;
    this.#capBytes = options.capBytes ?? (() => Number.POSITIVE_INFINITY);
    this.#minSegmentBytes = Math.max(1, options.minSegmentBytes ?? DEFAULT_MIN_SEGMENT_BYTES);
    this.#maxSegmentBytes = Math.max(
      this.#minSegmentBytes,
      options.maxSegmentBytes ?? DEFAULT_MAX_SEGMENT_BYTES,
    );
    this.#pendingBytes = this.#pending.reduce((sum, [start, end]) => sum + end - start, 0);
  }

  /**
   * The next segment to fetch: an unassigned one, else a waiting segment's bytes, else a stolen tail; undefined
   * when nothing is left to share.
   */
  next(): Segment | undefined {
    const first = this.#pending[0];
    if (first) {
      const [start, end] = first;
      const connections = Math.max(1, this.#connections());
      const cap = Math.max(1, this.#capBytes());
      const targetBytes = Math.min(
        cap,
        clamp(
          Math.min(
            Math.ceil(this.#pendingBytes / (TAPER * connections)),
            this.#prefixLimit(start, connections),
          ),
          this.#minSegmentBytes,
          this.#maxSegmentBytes,
        ),
      );
      // Do not leave a sliver smaller than a segment behind (unless taking it would pass the cap).
      const rest = end - start - targetBytes;
      const cut =
        rest <= 0 || (rest < this.#minSegmentBytes && end - start <= cap) ? end : start + targetBytes;
      if (cut >= end) this.#pending.shift();
      else first[0] = cut;
      this.#pendingBytes -= cut - start;
      return this.#activate(start, cut);
    }
    return this.#takeFromWaiting() ?? this.#steal();
  }

  /** True while there is unassigned work or a range large enough to steal from. */
  hasWork(): boolean {
    if (this.#pending.length > 0) return true;
    for (const segment of this.#active) {
      if (segment.end - segment.position >= 2 * this.#minSegmentBytes) return true;
    }
    return false;
  }

  /** The owner is done with the segment (finished, or it gave up: then call requeue first). */
  finish(segment: Segment): void {
    this.#active.delete(segment);
  }

  /** Puts the unfetched rest of a segment back for another connection, and forgets the segment. */
  requeue(segment: Segment): void {
    this.#active.delete(segment);
    if (segment.end > segment.position) this.#insertPending([segment.position, segment.end]);
  }

  /** Cancels every other segment and hands the whole [0, size) to `owner` (server ignored Range: one stream). */
  takeOverAll(owner: Segment, size: number): void {
    for (const segment of this.#active) {
      if (segment === owner) continue;
      segment.cancelled = true;
      wakeIfWaiting(segment);
    }
    this.#active.clear();
    this.#pending.length = 0;
    this.#pendingBytes = 0;
    owner.start = 0;
    owner.position = 0;
    owner.end = size;
    owner.requestEnd = size;
    this.#active.add(owner);
  }

  /**
   * The cap is now below what segments in flight were cut for (a limit was set mid-download; a segment cut
   * before it is up to maxSegmentBytes): each segment cut larger than the cap (from its start to the end
   * its request asked for) gives back every byte its connection has not claimed yet, to be cut again under
   * the cap, and ends where it stands, so its connection stops (lane-writer.ts, as after a steal). Not
   * just the tail beyond the cap: the connection's receive window, grown while it was read unlimited
   * (megabytes), would keep filling until the reader paid its way to a shortened end. The bytes claimed
   * stay the segment's (written, or asked for again by its owner if the write fails); the rest is
   * unassigned once, in file order, so no byte is lost or handed out twice. Segments cut under the cap are
   * left alone. Returns the segments cut.
   */
  capInFlight(): Segment[] {
    const cap = Math.max(1, this.#capBytes());
    const cut: Segment[] = [];
    for (const segment of this.#active) {
      if (segment.cancelled || segment.requestEnd - segment.start <= cap) continue;
      this.cutShort(segment);
      cut.push(segment);
    }
    return cut;
  }

  /**
   * The segment gives back every byte its connection has not claimed yet, to be cut again, and ends where it
   * stands (its connection stops, as after a steal): capInFlight, and a lane whose slot is owed at once.
   */
  cutShort(segment: Segment): void {
    if (segment.end > segment.position) this.#insertPending([segment.position, segment.end]);
    segment.end = segment.position;
    wakeIfWaiting(segment);
  }

  get activeSegments(): ReadonlySet<Segment> {
    return this.#active;
  }

  /**
   * The unfetched bytes of a segment whose connection waits out a retry delay, whatever their number, for a
   * connection that asks for more: it is open, so the server answers now, and the bytes would otherwise wait for
   * that delay (seconds; a minute after a Retry-After) while it has nothing to do. The waiting connection is woken
   * and finds its segment ended. A connection that waits is no victim of this when every other one waits too
   * (none asks), so a Hub that asked all of them to wait is not asked again early. At most the cap is taken; the
   * rest is unassigned again.
   */
  #takeFromWaiting(): Segment | undefined {
    for (const segment of this.#active) {
      if (!segment.stopWait || segment.cancelled || segment.end <= segment.position) continue;
      const { position: start, end } = segment;
      const cut = Math.min(end, start + Math.max(1, this.#capBytes()));
      segment.end = start;
      if (cut < end) this.#insertPending([cut, end]);
      wakeIfWaiting(segment);
      return this.#activate(start, cut);
    }
    return undefined;
  }

  #steal(): Segment | undefined {
    let victim: Segment | undefined;
    for (const segment of this.#active) {
      if (!victim || segment.end - segment.position > victim.end - victim.position) victim = segment;
    }
    if (!victim) return undefined;
    const remaining = victim.end - victim.position;
    const cap = Math.max(1, this.#capBytes());
    if (remaining < 2 * Math.min(this.#minSegmentBytes, cap)) return undefined;
    // The second half, or as much of its end as the cap allows.
    const end = victim.end;
    const from = Math.max(victim.position + Math.floor(remaining / 2), end - cap);
    victim.end = from;
    return this.#activate(from, end);
  }

  /**
   * The largest segment that may start at `start` without holding the hashed prefix back (see above): the
   * file's first cut is a minimum one (with one connection too: one request more); later ones are GROWTH /
   * (connections − 1) of their distance above the lowest unwritten byte (of the active segments, or `start`
   * itself below them); a lone connection with nothing active is not limited after its first cut.
   */
  #prefixLimit(start: number, connections: number): number {
    // No segment handed out yet: this is the file's first cut.
    if (this.#nextId === 1) return 0;
    let lowest = start;
    for (const segment of this.#active) lowest = Math.min(lowest, segment.position);
    if (this.#active.size === 0 || connections < 2) return Number.POSITIVE_INFINITY;
    return Math.floor((GROWTH * (start - lowest)) / (connections - 1));
  }

  #activate(start: number, end: number): Segment {
    const segment: Segment = {
      id: this.#nextId++,
      start,
      end,
      requestEnd: end,
      position: start,
      cancelled: false,
    };
    this.#active.add(segment);
    return segment;
  }

  #insertPending(range: ByteRange): void {
    this.#pendingBytes += range[1] - range[0];
    const index = this.#pending.findIndex(([start]) => start > range[0]);
    if (index < 0) this.#pending.push(range);
    else this.#pending.splice(index, 0, range);
  }
}

/**
 * Ends the retry delay of a segment's connection (segment-retries.ts) when the segment has nothing left for it
 * (its bytes taken, cut short, cancelled): it finds that at once instead of holding its slot for the delay.
 */
function wakeIfWaiting(segment: Segment): void {
  const stopWait = segment.stopWait;
  segment.stopWait = undefined;
  stopWait?.();
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
