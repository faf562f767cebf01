import { describe, expect, it } from 'vitest';
import { type StallReason, StallWatchdog, type WatchedConnection } from './stall-watchdog.js';

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
