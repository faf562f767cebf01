import { describe, expect, it } from 'vitest';
import {
  SLOW_START_ROUND_TRIPS,
  type StallReason,
  StallWatchdog,
  type WatchedConnection,
} from './stall-watchdog.js';

function connection(remaining = 10_000_000) {
  const aborted: Array<{ reason: StallReason; idleMs: number }> = [];
  const watched: WatchedConnection = {
    rangeStart: 0,
    remainingBytes: () => remaining,
    abort: (reason, idleMs) => aborted.push({ reason, idleMs }),
  };
  return { watched, aborted };
}

describe('StallWatchdog', () => {
  it('fires no-data after the stall timeout, once', () => {
    let now = 0;
    const watchdog = new StallWatchdog({ stallTimeoutMs: 500, now: () => now });
    const a = connection();
    watchdog.watch(a.watched);
    now = 400;
    watchdog.check(now);
    watchdog.noteBytes(a.watched, 100);
    now = 800;
    watchdog.check(now);
    expect(a.aborted).toEqual([]);
    now = 901;
    watchdog.check(now);
    watchdog.check(now + 100);
    expect(a.aborted).toEqual([{ reason: 'no-data', idleMs: 501 }]);
    watchdog.stop();
  });

  it('reads a changing timeout at every check (a setting changed while the connection is open)', () => {
    let now = 0;
    let timeoutMs = 60_000;
    const watchdog = new StallWatchdog({ stallTimeoutMs: () => timeoutMs, now: () => now });
    const a = connection();
    watchdog.watch(a.watched);
    now = 2000;
    watchdog.check(now);
    expect(a.aborted).toEqual([]);
    timeoutMs = 1500;
    watchdog.check(now);
    expect(a.aborted).toEqual([{ reason: 'no-data', idleMs: 2000 }]);
    watchdog.stop();
  });

  it('does not count time spent waiting on our side', () => {
    let now = 0;
    const watchdog = new StallWatchdog({ stallTimeoutMs: 500, now: () => now });
    const a = connection();
    watchdog.watch(a.watched);
    watchdog.setBusy(a.watched, true);
    now = 5000;
    watchdog.check(now);
    watchdog.setBusy(a.watched, false);
    now = 5400;
    watchdog.check(now);
    expect(a.aborted).toEqual([]);
    watchdog.stop();
  });

  it('replaces a connection far slower than the median of its peers', () => {
    let now = 0;
    const watchdog = new StallWatchdog({
      stallTimeoutMs: 60_000,
      slowForMs: 1000,
      slowMinRemainingBytes: 1000,
      now: () => now,
    });
    const slow = connection();
    const fast1 = connection();
    const fast2 = connection();
    const nearlyDone = connection(10);
    for (const c of [slow, fast1, fast2, nearlyDone]) watchdog.watch(c.watched);
    for (let t = 0; t <= 3000; t += 100) {
      now = t;
      watchdog.noteBytes(fast1.watched, 100_000);
      watchdog.noteBytes(fast2.watched, 100_000);
      watchdog.noteBytes(slow.watched, 100);
      watchdog.noteBytes(nearlyDone.watched, 100);
      watchdog.check(now);
    }
    expect(slow.aborted.map((entry) => entry.reason)).toEqual(['slow-connection']);
    expect(fast1.aborted).toEqual([]);
    expect(nearlyDone.aborted).toEqual([]);
    watchdog.stop();
  });

  /**
   * Two fast connections asked at 0 whose first bytes come `peersFirstByteMs` later, and one asked at 1000 ms
   * that crawls from its first byte, `lateFirstByteMs` after its request. Returns when the late one was
   * replaced.
   */
  function lateCrawlerReplacedAt(peersFirstByteMs: number, lateFirstByteMs: number): number {
    let now = 0;
    const watchdog = new StallWatchdog({ stallTimeoutMs: 60_000, slowForMs: 300, now: () => now });
    const fast1 = connection();
    const fast2 = connection();
    watchdog.watch(fast1.watched);
    watchdog.watch(fast2.watched);
    const late = connection();
    let firedAt: number | undefined;
    for (let t = 0; t <= 4000; t += 10) {
      now = t;
      if (t >= peersFirstByteMs) {
        watchdog.noteBytes(fast1.watched, 100_000);
        watchdog.noteBytes(fast2.watched, 100_000);
      }
      if (t === 1000) watchdog.watch(late.watched);
      if (t >= 1000 + lateFirstByteMs) watchdog.noteBytes(late.watched, 100);
      watchdog.check(now);
      if (firedAt === undefined && late.aborted.length > 0) firedAt = t;
    }
    expect(late.aborted.map((entry) => entry.reason)).toEqual(['slow-connection']);
    expect([...fast1.aborted, ...fast2.aborted]).toEqual([]);
    watchdog.stop();
    return firedAt ?? Number.NaN;
  }

  it('gives a new connection its slow start: judged only SLOW_START_ROUND_TRIPS round trips after its first byte', () => {
    // Every first byte 100 ms after its request (a long round trip): the late one may crawl until 1100 + 8 × 100.
    const graceEnd = 1100 + SLOW_START_ROUND_TRIPS * 100;
    const firedAt = lateCrawlerReplacedAt(100, 100);
    expect(firedAt).toBeGreaterThanOrEqual(graceEnd);
    expect(firedAt).toBeLessThanOrEqual(graceEnd + 10);
  });

  it('takes the round trip from the quickest first byte, not from a late one of a busy server', () => {
    // The peers' first bytes came 20 ms after their requests, the late one's 300 ms after (the server, or our
    // own event loop, was busy): the round trip is at most 20 ms, so its grace is 8 × 20 ms, not 8 × 300 ms.
    const firstByte = 1000 + 300;
    const firedAt = lateCrawlerReplacedAt(20, 300);
    expect(firedAt).toBeGreaterThanOrEqual(firstByte + SLOW_START_ROUND_TRIPS * 20);
    expect(firedAt).toBeLessThan(firstByte + SLOW_START_ROUND_TRIPS * 300);
  });

  it('judges a connection on its last slowForMs: a fast start that turned into a crawl is replaced soon', () => {
    let now = 0;
    const watchdog = new StallWatchdog({ stallTimeoutMs: 60_000, slowForMs: 300, now: () => now });
    const peers = [connection(), connection(), connection()];
    const stuck = connection();
    for (const c of [...peers, stuck]) watchdog.watch(c.watched);
    let firedAt: number | undefined;
    for (let t = 0; t <= 3000; t += 10) {
      now = t;
      for (const peer of peers) watchdog.noteBytes(peer.watched, 400_000);
      // 40 MB/s like its peers for 200 ms, then 1 MB/s.
      watchdog.noteBytes(stuck.watched, t < 200 ? 400_000 : 10_000);
      watchdog.check(now);
      if (firedAt === undefined && stuck.aborted.length > 0) firedAt = t;
    }
    // Slow once the burst left its 300 ms window (~500 ms), then 300 ms more: well before a second.
    expect(firedAt).toBeGreaterThanOrEqual(500);
    expect(firedAt).toBeLessThanOrEqual(900);
    expect(peers.flatMap((peer) => peer.aborted)).toEqual([]);
    watchdog.stop();
  });

  /**
   * Connections sharing one line capped as a whole, as the test hub's global pacer serves them: every 40 ms
   * one of them gets a lump of 200 KB, each once per round of 16 lumps in a shuffled order (5 MB/s in
   * all, ~310 KB/s each, gaps of 40 ms to 1.2 s). `starved` gets a lump only every `starvedEvery` rounds.
   */
  function sharedLine(seconds: number, starvedEvery = 1) {
    let now = 0;
    const watchdog = new StallWatchdog({ stallTimeoutMs: 60_000, now: () => now });
    const connections = Array.from({ length: 16 }, () => connection(100_000_000));
    for (const c of connections) watchdog.watch(c.watched);
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let order: number[] = [];
    let round = 0;
    for (let t = 0; t <= seconds * 1000; t += 10) {
      now = t;
      if (t % 40 === 0) {
        if (order.length === 0) {
          order = connections.map((_, index) => index).sort(() => random() - 0.5);
          round++;
        }
        const index = order.pop()!;
        if (index !== 0 || round % starvedEvery === 0)
          watchdog.noteBytes(connections[index]!.watched, 200_000);
      }
      if (t % 100 === 0) watchdog.check(now);
    }
    watchdog.stop();
    return connections.map((c) => c.aborted.length);
  }

  it('leaves connections sharing one capped line alone: their lumps are judged over a window that holds enough of them', () => {
    // With a fixed 0.3 s window most of them read 0 between two lumps, and were replaced over and over.
    expect(sharedLine(20).reduce((sum, count) => sum + count, 0)).toBe(0);
  });

  it('still replaces a connection the shared line starves, over that longer window', () => {
    // One lump every 8 rounds: ~40 KB/s beside ~310 KB/s, judged once 2 MiB of a peer's bytes fit the window.
    const aborted = sharedLine(20, 8);
    expect(aborted[0]).toBe(1);
    expect(aborted.slice(1).reduce((sum, count) => sum + count, 0)).toBe(0);
  });

  it('does not judge a connection that waits on our side: a rate limiter of our own never makes it slow', () => {
    let now = 0;
    const watchdog = new StallWatchdog({ stallTimeoutMs: 60_000, now: () => now });
    const peers = [connection(), connection(), connection()];
    const held = connection();
    for (const c of [...peers, held]) watchdog.watch(c.watched);
    for (let t = 0; t <= 5000; t += 10) {
      now = t;
      for (const peer of peers) watchdog.noteBytes(peer.watched, 400_000);
      // Held back by our limiter 90 % of the time: 40 KB per 100 ms, read in the 10 ms it may.
      if (t % 100 === 0) watchdog.setBusy(held.watched, false);
      if (t % 100 === 0) watchdog.noteBytes(held.watched, 40_000);
      if (t % 100 === 10) watchdog.setBusy(held.watched, true);
      watchdog.check(now);
    }
    expect([...peers, held].flatMap((c) => c.aborted)).toEqual([]);
    watchdog.stop();
  });

  it('leaves a lone connection alone however slow it is', () => {
    let now = 0;
    const watchdog = new StallWatchdog({ stallTimeoutMs: 60_000, slowForMs: 500, now: () => now });
    const only = connection();
    watchdog.watch(only.watched);
    for (let t = 0; t <= 3000; t += 100) {
      now = t;
      watchdog.noteBytes(only.watched, 1);
      watchdog.check(now);
    }
    expect(only.aborted).toEqual([]);
    watchdog.stop();
  });
});
