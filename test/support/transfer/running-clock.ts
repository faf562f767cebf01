/**
 * A clock, in ms, that stops while this process does not run: for a test whose server paces its bodies in the
 * same event loop as the client that measures them (range-server.ts `now`, transferFile's `now`). When the
 * process is starved (other test files on the same cores, a long GC), its server sends nothing and its client
 * reads nothing; on the real clock the client measures that gap as a rate far below the server's pace (a
 * 100 ms stall in a 200 ms window halves it). On this clock the stall did not happen, for both.
 *
 * A stall is told by a timer every TICK_MS firing late: anything beyond LATE_MS of lateness is taken off.
 */
import { performance } from 'node:perf_hooks';

const TICK_MS = 5;
/** Lateness of a TICK_MS timer that still counts as running (a timer on a quiet machine fires within 1–2 ms). */
const LATE_MS = 5;

export interface RunningClock {
  /** Ms since an arbitrary origin, without the stalls seen so far (and the one going on at the call). */
  now(): number;
  /** Stops its timer (the clock then counts real time from its last tick on). */
  stop(): void;
}

export function runningClock(): RunningClock {
  let lastTickMs = performance.now();
  let stalledMs = 0;
  // How much of the time since the last tick was a stall.
  const stallSince = (atMs: number) => Math.max(0, atMs - lastTickMs - TICK_MS - LATE_MS);
  const timer = setInterval(() => {
    const atMs = performance.now();
    stalledMs += stallSince(atMs);
    lastTickMs = atMs;
  }, TICK_MS);
  let stopped = false;
  return {
    now: () => {
      const atMs = performance.now();
      return atMs - stalledMs - (stopped ? 0 : stallSince(atMs));
    },
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
