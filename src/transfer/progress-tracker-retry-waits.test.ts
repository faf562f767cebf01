/**
 * A file whose request waits for the Hub (a `429`'s Retry-After): its wait is not fetching time (the summary's
 * speed, the History's), and the ETA is not shorter than it (ProgressTracker.noteRetry); nor is a dropped
 * connection's backoff while every file waits, which is no wait for the Hub (retry-wait-time.ts). A file waits
 * only while none of its connections is open (src/progress/file-waiting.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitRetry } from '../../test/support/progress/retry-events.js';
import { planned, planOf } from '../../test/support/transfer/planned-files.js';
import { ProgressTracker } from './progress-tracker.js';

const MB = 1_000_000;
const small = planned('config.json', 2 * MB);
const big = planned('a.bin', 20 * MB);

/** The file's connections open, as its segmented fetch tells them (`set` changes them). */
function lanes(tracker: ProgressTracker, file: typeof big, open: number): { set(open: number): void } {
  let count = open;
  tracker.watchConnections(file, () => ({ open: count, reason: 'measuring' }));
  return {
    set(open: number) {
      count = open;
    },
  };
}

/** `bytesPerSecond` of `file` every 250 ms from `fromMs` to `toMs`. */
function flow(
  tracker: ProgressTracker,
  file: typeof big,
  fromMs: number,
  toMs: number,
  bytesPerSecond: number,
): void {
  for (let at = fromMs + 250; at <= toMs; at += 250) {
    vi.setSystemTime(at);
    tracker.bytes(file, bytesPerSecond / 4);
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ProgressTracker: a file waiting before a retry, for the Hub or after a dropped connection', () => {
  it('leaves the time every file fetched waits for the Hub out of the fetching time, and counts it apart', () => {
    const tracker = new ProgressTracker(planOf([small, big]), 0);
    tracker.start(small, 0);
    tracker.fetchStarted(small);
    tracker.start(big, 0);
    tracker.fetchStarted(big);
    // a.bin is told to wait 217 s at once; config.json arrives over 2 s meanwhile.
    tracker.noteRetry(waitRetry(big.path, 429, 217_000));
    flow(tracker, small, 0, 2000, MB);
    tracker.fetchEnded(small);
    tracker.finish(small);
    expect(tracker.fetchingMs()).toBe(2000);
    // From 2 s to 217 s only a.bin's wait runs: no fetching time.
    vi.setSystemTime(100_000);
    expect(tracker.fetchingMs()).toBe(2000);
    expect(tracker.hubWaitedMs()).toBe(98_000);
    // The wait is over; its request goes again and its bytes come from 218 s to 220 s.
    vi.setSystemTime(218_000);
    flow(tracker, big, 218_000, 220_000, 10 * MB);
    tracker.fetchEnded(big);
    tracker.finish(big);
    vi.setSystemTime(230_000);
    expect(tracker.hubWaitedMs()).toBe(215_000);
    // 2 s of config.json, 1 s from the wait's end to its first byte, 2 s of a.bin.
    expect(tracker.fetchingMs()).toBe(5000);
  });

  it("leaves a dropped connection's backoff out of the fetching time while every file waits, not as the Hub's", () => {
    const tracker = new ProgressTracker(planOf([big]), 0);
    tracker.start(big, 0);
    tracker.fetchStarted(big);
    flow(tracker, big, 0, 1000, MB);
    // The connection drops at 1 s; the policy's backoff: 4 s without a request, then its bytes again.
    tracker.noteRetry(waitRetry(big.path, undefined, 4000), 1000);
    vi.setSystemTime(3000);
    expect(tracker.fetchingMs()).toBe(1000);
    flow(tracker, big, 5000, 6000, MB);
    expect(tracker.fetchingMs()).toBe(2000);
    expect(tracker.hubWaitedMs()).toBe(0);
  });

  it("counts a dropped connection's backoff as fetching time while another file's bytes flow", () => {
    const tracker = new ProgressTracker(planOf([small, big]), 0);
    for (const file of [small, big]) {
      tracker.start(file, 0);
      tracker.fetchStarted(file);
    }
    tracker.noteRetry(waitRetry(big.path, undefined, 2000));
    flow(tracker, small, 0, 2000, MB);
    expect(tracker.fetchingMs()).toBe(2000);
  });

  it('counts a wait for the Hub whole when another connection of its file drops meanwhile', () => {
    const tracker = new ProgressTracker(planOf([big]), 0);
    tracker.start(big, 0);
    tracker.fetchStarted(big);
    tracker.noteRetry(waitRetry(big.path, 429, 60_000));
    // Another of a.bin's connections drops 10 s in and backs off 2 s: the 429's wait still runs.
    tracker.noteRetry(waitRetry(big.path, undefined, 2000), 10_000);
    vi.setSystemTime(50_000);
    expect(tracker.hubWaitedMs()).toBe(50_000);
    expect(tracker.fetchingMs()).toBe(0);
  });

  it('gives an ETA no shorter than the wait left plus what the waiting file lacks at the rate', () => {
    const tracker = new ProgressTracker(planOf([small, big]), 0);
    tracker.start(small, 0);
    tracker.fetchStarted(small);
    tracker.start(big, 0);
    tracker.fetchStarted(big);
    const bigLanes = lanes(tracker, big, 1);
    flow(tracker, big, 0, 2000, MB);
    // a.bin (18 MB left) waits 180 s while config.json comes at 1 MB/s.
    bigLanes.set(0);
    tracker.noteRetry(waitRetry(big.path, 429, 180_000));
    flow(tracker, small, 2000, 3000, MB);
    const during = tracker.event();
    // 19 MB left at about 1 MB/s alone would read about 19 s: the wait left and a.bin's 18 MB at the rate.
    expect(during.bytesPerSecond).toBeGreaterThan(0.9 * MB);
    expect(during.etaSeconds).toBe(179 + Math.ceil((18 * MB) / during.bytesPerSecond));
    // A connection of a.bin opens again and its bytes arrive: the file fetches, the ETA is the bytes' again.
    bigLanes.set(1);
    flow(tracker, big, 3000, 4000, MB);
    expect(tracker.event().etaSeconds).toBeLessThan(60);
  });

  it('counts a file fetching, not waiting, while another of its connections is open, bytes or not', () => {
    const tracker = new ProgressTracker(planOf([big]), 0);
    tracker.start(big, 0);
    tracker.fetchStarted(big);
    const bigLanes = lanes(tracker, big, 4);
    flow(tracker, big, 0, 2000, MB);
    // One of a.bin's four connections gets a 503 and waits 3 s; the other three are open, silent for a second.
    bigLanes.set(3);
    tracker.noteRetry(waitRetry(big.path, 503, 3000), 2000);
    vi.setSystemTime(2500);
    const during = tracker.event();
    flow(tracker, big, 3000, 4000, MB);
    expect(tracker.hubWaitedMs()).toBe(0);
    expect(tracker.fetchingMs()).toBe(4000);
    // The ETA is the bytes' (18 MB left at about 1 MB/s), not the wait's.
    expect(during.etaSeconds).toBeLessThan(25);
  });

  it('counts a file waiting from when its last open connection closes while another of them waits', () => {
    const tracker = new ProgressTracker(planOf([big]), 0);
    tracker.start(big, 0);
    tracker.fetchStarted(big);
    const bigLanes = lanes(tracker, big, 2);
    // One connection is told to wait 60 s; the other's bytes flow for 10 s, then it has nothing left to fetch.
    bigLanes.set(1);
    tracker.noteRetry(waitRetry(big.path, 429, 60_000));
    flow(tracker, big, 0, 10_000, MB);
    bigLanes.set(0);
    vi.setSystemTime(10_000);
    tracker.event();
    vi.setSystemTime(40_000);
    expect(tracker.hubWaitedMs()).toBe(30_000);
    expect(tracker.fetchingMs()).toBe(10_000);
  });

  it('counts a file waiting from the moment its fetch tells that its last open connection closed', () => {
    const tracker = new ProgressTracker(planOf([big]), 0);
    tracker.start(big, 0);
    tracker.fetchStarted(big);
    const bigLanes = lanes(tracker, big, 2);
    bigLanes.set(1);
    tracker.noteRetry(waitRetry(big.path, 429, 60_000));
    flow(tracker, big, 0, 10_250, MB);
    // Its other connection closes 10.25 s in, between two progress events: the fetch says so then.
    bigLanes.set(0);
    tracker.connectionsChanged(big);
    // No event is built meanwhile (it looked 500 ms later): the wait counts from the close.
    vi.setSystemTime(40_000);
    expect(tracker.hubWaitedMs()).toBe(29_750);
    expect(tracker.fetchingMs()).toBe(10_250);
    // A connection opens again (a lane takes a slot): from then on the file fetches, before its first byte.
    bigLanes.set(1);
    tracker.connectionsChanged(big);
    vi.setSystemTime(45_000);
    expect(tracker.hubWaitedMs()).toBe(29_750);
  });

  it("gives an ETA no shorter than a dropped connection's backoff left, as a wait for the Hub", () => {
    const tracker = new ProgressTracker(planOf([big]), 0);
    tracker.start(big, 0);
    tracker.fetchStarted(big);
    const bigLanes = lanes(tracker, big, 1);
    flow(tracker, big, 0, 2000, MB);
    // Its one connection drops at 2 s and backs off 8 s (no answer asked it to wait).
    bigLanes.set(0);
    tracker.noteRetry(waitRetry(big.path, undefined, 8000));
    vi.setSystemTime(2500);
    const during = tracker.event();
    // 18 MB left at about 1 MB/s, after the 7.5 s of backoff left: the ETA said the bytes' 18 s alone.
    expect(during.etaSeconds).toBe(8 + Math.ceil((18 * MB) / during.bytesPerSecond));
  });

  it('has no ETA while a file waits and nothing arrives to measure a rate by', () => {
    const tracker = new ProgressTracker(planOf([big]), 0);
    tracker.start(big, 0);
    tracker.fetchStarted(big);
    tracker.noteRetry(waitRetry(big.path, 503, 60_000));
    vi.setSystemTime(10_000);
    expect(tracker.event().etaSeconds).toBeNull();
  });
});
