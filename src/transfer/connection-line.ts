/**
 * One adaptive connection count for every file that shares a line (docs/transfer-connections.md, "One line,
 * many files"). The controller (adaptive-connections.ts) judges whether more connections carry more bytes; on
 * a line capped as a whole, what one file gains by opening more is what the others lose. So the count is the
 * line's: one controller per connection budget (every file of a download in the CLI, every job of the server)
 * measures the bytes of all its files against the connections all of them have open, and each file runs its
 * share of that count. Before, each file had a controller of its own: two downloads on a 12 MB/s line held 8
 * and 24 connections and took 2.5 and 9.5 MB/s (the second's steps took the first's bytes and read as gains),
 * and one download of three large files opened 32 where one file held 16 at most.
 *
 * A file without a shared budget has a line of its own (the count of that file alone, as before). The line
 * forgets what it learnt once its last file leaves: the next download may come from another host.
 */
import { AdaptiveConnections } from './adaptive-connections.js';
import type { Verdict } from './adaptive-phase.js';

/** What a file tells its line about itself (read when shares are computed). */
export interface LineFile {
  /** Its download (the files of one download split that download's share of the count). */
  group: object;
  /** Connections it starts with, when it is the first on the line (the controller's initial count). */
  initial: number;
  /** Its hard cap (`--connections`, a job's setting). */
  connections: number;
  /** How often it samples (its grow interval): the line takes one sample per interval. */
  intervalMs: number;
  /** Lanes it runs now (holding a slot or waiting for one). */
  lanes(): number;
  /** Work is left to split: it would run more lanes. */
  hasWork(): boolean;
}

/** A file's membership of its line. */
export interface LineMember {
  /** Connections this file may run now: its share of the line's count, within its cap. */
  readonly target: number;
  /** Why the line's count is what it is. */
  readonly verdict: Verdict;
  /**
   * This file runs more connections than its share, its download more than its own, while another download on
   * the line runs no more than its share: its extra lanes give their slots back now, not at segment boundaries.
   */
  readonly yieldNow: boolean;
  /** Bytes arrived from the network (every chunk). */
  received(bytes: number): void;
  /** A lane delivered its first byte (+1) or ended after it had (−1). */
  flowing(delta: 1 | -1): void;
  /** An interval passed for this file; `judged` false when its samples must not count (a rate limit, no URL yet). */
  tick(nowMs: number, loopBusyMs: number | undefined, judged: boolean): void;
  leave(): void;
}

export class ConnectionLine {
  readonly #files = new Set<LineFile>();
  /** The files' caps together: the line's cap (#updateCeiling). */
  #caps = 0;
  #adaptive: AdaptiveConnections | undefined;
  #receivedBytes = 0;
  #flowing = 0;
  #lastSampleMs = Number.NEGATIVE_INFINITY;

  /** The line's count: connections all its files together may run. */
  get target(): number {
    return this.#adaptive?.target ?? 0;
  }

  join(file: LineFile): LineMember {
    this.#adaptive ??= new AdaptiveConnections({ initial: file.initial, ceiling: file.connections });
    this.#files.add(file);
    this.#caps += file.connections;
    this.#updateCeiling();
    const line = this;
    // Read after the file left (its last progress event): what the line said then.
    let left: { target: number; verdict: Verdict } | undefined;
    return {
      get target() {
        return left?.target ?? line.#shareOf(file);
      },
      get yieldNow() {
        return left === undefined && line.#yieldNow(file);
      },
      get verdict() {
        return left?.verdict ?? line.#adaptive?.verdict ?? 'measuring';
      },
      received: (bytes) => {
        this.#receivedBytes += bytes;
      },
      flowing: (delta) => {
        this.#flowing += delta;
      },
      tick: (nowMs, loopBusyMs, judged) => this.#tick(file, nowMs, loopBusyMs, judged),
      leave: () => {
        if (left) return;
        // Its lanes have ended: a share among others is moot (and costs a computation per file that ends).
        const alone = this.#files.size === 1;
        left = {
          target: alone ? this.#shareOf(file) : Math.max(1, Math.min(file.connections, file.lanes())),
          verdict: this.#adaptive?.verdict ?? 'measuring',
        };
        this.#files.delete(file);
        this.#caps -= file.connections;
        if (this.#files.size === 0) this.#forget();
        else this.#updateCeiling();
      },
    };
  }

  #forget(): void {
    this.#adaptive = undefined;
    this.#lastSampleMs = Number.NEGATIVE_INFINITY;
  }

  /**
   * The line's cap: its files' caps together. The budget's limit is not one: a count the budget does not
   * leave slots for is not judged (fewer are open), and the files say the budget holds them.
   */
  #updateCeiling(): void {
    this.#adaptive?.setCeiling(Math.max(1, this.#caps));
  }

  /** One sample per interval, whichever file's timer comes first. */
  #tick(file: LineFile, nowMs: number, loopBusyMs: number | undefined, judged: boolean): void {
    const adaptive = this.#adaptive;
    if (!adaptive || !judged || nowMs - this.#lastSampleMs < 0.75 * file.intervalMs) return;
    this.#lastSampleMs = nowMs;
    adaptive.sample(this.#receivedBytes, nowMs, this.#flowing, loopBusyMs);
  }

  /** `file`'s share (below): a file alone on its line has the whole count, within its cap. */
  #shareOf(file: LineFile): number {
    if (this.#files.size === 1) return Math.min(file.connections, this.target);
    return this.#shares().files.get(file) ?? 1;
  }

  /**
   * Each file's share of the line's count. Files with nothing left to split keep the lanes they run (they end
   * as their segments do); the rest of the count goes to the files that would run more: in equal shares to
   * their downloads, and within a download in equal shares to its files, each within its cap (what a capped
   * one leaves goes to the others), at least one each.
   */
  #shares(): { files: Map<LineFile, number>; groups: Map<object, number> } {
    const shares = new Map<LineFile, number>();
    const total = this.target;
    const groups = new Map<object, LineFile[]>();
    let finishing = 0;
    for (const file of this.#files) {
      if (!file.hasWork()) {
        const lanes = file.lanes();
        finishing += lanes;
        shares.set(file, Math.max(1, Math.min(file.connections, lanes)));
        continue;
      }
      const group = groups.get(file.group);
      if (group) group.push(file);
      else groups.set(file.group, [file]);
    }
    const members = [...groups.values()];
    const caps = members.map((files) => files.reduce((sum, file) => sum + file.connections, 0));
    const groupShares = fill(total - finishing, caps);
    const byGroup = new Map<object, number>();
    members.forEach((files, index) => {
      const share = Math.max(files.length, groupShares[index]!);
      byGroup.set(files[0]!.group, share);
      const fileShares = fill(
        share,
        files.map((file) => file.connections),
      );
      files.forEach((file, at) => {
        shares.set(file, Math.max(1, fileShares[at]!));
      });
    });
    return { files: shares, groups: byGroup };
  }

  /**
   * `file` runs more than its share, its download more than its download's, and another download with work
   * left runs no more than its own: the count is shared out unevenly between downloads (one started beside
   * another), not lowered for all (a probe given back: then lanes end at their segment boundaries, which on a
   * line capped as a whole keeps what each has in flight).
   */
  #yieldNow(file: LineFile): boolean {
    const { files, groups } = this.#shares();
    if (groups.size < 2 || file.lanes() <= (files.get(file) ?? 1)) return false;
    const lanes = new Map<object, number>();
    for (const other of this.#files) {
      if (other.hasWork()) lanes.set(other.group, (lanes.get(other.group) ?? 0) + other.lanes());
    }
    const own = groups.get(file.group);
    if (own === undefined || (lanes.get(file.group) ?? 0) <= own) return false;
    for (const [group, share] of groups) {
      if (group !== file.group && (lanes.get(group) ?? 0) <= share) return true;
    }
    return false;
  }
}

/**
 * `pool` split in equal shares, each within its cap; what a capped one leaves goes to the others, the
 * rounding to the first in order of their caps (then of `caps`).
 */
function fill(pool: number, caps: readonly number[]): number[] {
  const order = caps.map((_, index) => index).sort((a, b) => caps[a]! - caps[b]!);
  const shares = caps.map(() => 0);
  let left = Math.max(0, pool);
  order.forEach((index, rank) => {
    const share = Math.min(caps[index]!, Math.ceil(left / (order.length - rank)));
    shares[index] = share;
    left -= share;
  });
  return shares;
}
