import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { planned, planOf } from '../../test/support/transfer/planned-files.js';
import type { ConnectionsReason } from '../progress/connections-reason.js';
import { ProgressTracker } from './progress-tracker.js';
import type { PlannedFile } from './types.js';

const config = planned('config.json', 22);
const weights = planned('model.safetensors', 20_971_520);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ProgressTracker ETA', () => {
  it('has none while the only bytes are one small file and every other request fails', () => {
    const tracker = new ProgressTracker(planOf([config, weights]), 0);
    tracker.start(config, 0);
    tracker.bytes(config, 22);
    tracker.finish(config);
    tracker.start(weights, 0);
    vi.setSystemTime(3000);
    const event = tracker.event();
    expect(event.bytesPerSecond).toBeGreaterThan(0);
    // 22 B in 3 s is not a rate to predict 21 MB with ("ETA 604 d").
    expect(event.etaSeconds).toBeNull();
  });

  it('gives the total and each file an ETA once bytes flowed for a second, never 0 s while some remain', () => {
    const tracker = new ProgressTracker(planOf([weights]), 0);
    tracker.start(weights, 0);
    for (let t = 0; t <= 2000; t += 100) {
      vi.setSystemTime(t);
      tracker.bytes(weights, 500_000);
    }
    const event = tracker.event();
    expect(event.etaSeconds).toBeGreaterThanOrEqual(1);
    expect(event.activeFiles[0]!.etaSeconds).toBe(event.etaSeconds);
    // The last bytes come fast: less than a second's worth remains, still not "0 s".
    tracker.bytes(weights, weights.size - 21 * 500_000 - 1);
    const almost = tracker.event();
    expect(almost.downloaded).toBe(weights.size - 1);
    expect(almost.etaSeconds).toBe(1);
    expect(almost.activeFiles[0]!.etaSeconds).toBe(1);
  });
});

describe('ProgressTracker, files another run is fetching', () => {
  it("lists them apart with the other run's bytes on disk and their rate, until this run takes one over", () => {
    const tracker = new ProgressTracker(planOf([config, weights]), 0);
    tracker.waitFor(weights);
    expect(tracker.event().waitingFiles).toEqual([
      { path: weights.path, downloaded: 0, size: weights.size, bytesPerSecond: 0, etaSeconds: null },
    ]);
    for (let second = 1; second <= 3; second++) {
      vi.setSystemTime(second * 1000);
      tracker.landed(weights, second * 2_000_000);
    }
    const event = tracker.event();
    expect(event.activeFiles).toEqual([]);
    expect(event.waitingFiles).toMatchObject([{ path: weights.path, downloaded: 6_000_000 }]);
    expect(event.waitingFiles![0]!.bytesPerSecond).toBeGreaterThan(0);
    expect(event.downloaded).toBe(6_000_000);
    // On disk, but this run fetched none of them; not in place yet either.
    expect(event.fetchedBytes).toBe(0);
    expect(event.otherRunBytes).toBe(0);
    // The other run stopped: this one resumes the file, which moves to its own files.
    tracker.start(weights, 6_000_000);
    tracker.bytes(weights, 1_000_000);
    const after = tracker.event();
    expect(after.waitingFiles).toBeUndefined();
    expect(after.activeFiles.map((file) => file.path)).toEqual([weights.path]);
    expect(after.fetchedBytes).toBe(1_000_000);
  });

  it('tells in each progress event the bytes of the files another run put in place (not fetched by this one)', () => {
    const tracker = new ProgressTracker(planOf([config, weights]), 0);
    tracker.waitFor(weights);
    tracker.landed(weights, weights.size);
    // In place: what wait-for-other-runs.ts counts.
    tracker.otherRunBytes += weights.size;
    tracker.finish(weights);
    expect(tracker.event()).toMatchObject({
      downloaded: weights.size,
      fetchedBytes: 0,
      otherRunBytes: weights.size,
    });
  });

  it('tells in each progress event the bytes of the files copied from the HF cache (not fetched)', () => {
    const tracker = new ProgressTracker(planOf([config, weights]), 0);
    tracker.start(weights, 0);
    tracker.copied(weights);
    tracker.finish(weights);
    expect(tracker.event()).toMatchObject({
      downloaded: weights.size,
      fetchedBytes: 0,
      copiedBytes: weights.size,
    });
  });
});

describe('ProgressTracker: a file that stops', () => {
  it('keeps counting what it wrote (its temp file stays for the next run), unless the temp file is gone', () => {
    const tracker = new ProgressTracker(planOf([config, weights]), 0);
    tracker.start(weights, 0);
    tracker.bytes(weights, 5_000_000);
    tracker.drop(weights);
    expect(tracker.event()).toMatchObject({
      downloaded: 5_000_000,
      activeFiles: [],
      stoppedFiles: [{ path: weights.path, downloaded: 5_000_000 }],
      fetchedBytes: 5_000_000,
    });

    const again = new ProgressTracker(planOf([config, weights]), 0);
    again.start(weights, 0);
    again.bytes(weights, 5_000_000);
    again.drop(weights, false);
    expect(again.event()).toMatchObject({ downloaded: 0, fetchedBytes: 5_000_000 });
    expect(again.event().stoppedFiles).toBeUndefined();
  });
});

describe('ProgressTracker connections reason', () => {
  it('is the reason of the file with the most connections open, and absent while none is open', () => {
    const tracker = new ProgressTracker(planOf([config, weights]), 0);
    tracker.start(config, 0);
    tracker.start(weights, 0);
    expect(tracker.event().connectionsReason).toBeUndefined();
    let configOpen = 2;
    let weightsOpen = 12;
    tracker.watchConnections(config, () => ({ open: configOpen, reason: 'link' }));
    tracker.watchConnections(weights, () => ({ open: weightsOpen, reason: 'default-ceiling' }));
    expect(tracker.event().connectionsReason).toBe('default-ceiling');
    // Each file says its own, no byte in yet (the CLI draws its bar from it).
    expect(tracker.event().activeFiles.map((file) => [file.downloaded, file.connections])).toEqual([
      [0, 2],
      [0, 12],
    ]);
    weightsOpen = 1;
    expect(tracker.event().connectionsReason).toBe('link');
    // Both fetched (hashed now): no connection open, no reason.
    configOpen = 0;
    weightsOpen = 0;
    expect(tracker.event().connectionsReason).toBeUndefined();
  });
});

describe('ProgressTracker connections reason under a full budget', () => {
  it('says the budget when another file waits for a slot and the file with the most open has no verdict', () => {
    const tracker = new ProgressTracker(planOf([config, weights]), 0);
    tracker.start(config, 0);
    tracker.start(weights, 0);
    // weights is near its end (nothing left to split: its verdict shows), config wants a lane the budget lacks.
    let weightsReason: ConnectionsReason = 'measuring';
    tracker.watchConnections(weights, () => ({ open: 16, reason: weightsReason }));
    tracker.watchConnections(config, () => ({ open: 8, reason: 'budget' }));
    expect(tracker.event().connectionsReason).toBe('budget');
    // A verdict of the file carrying most of the bytes stands: more slots would not carry more.
    weightsReason = 'link';
    expect(tracker.event().connectionsReason).toBe('link');
  });
});

describe('ProgressTracker fetching time', () => {
  it('counts the time a file of this run is fetched once, not waiting, copying or hashing after the last byte', () => {
    const tracker = new ProgressTracker(planOf([config, weights]), 0);
    tracker.waitFor(weights);
    vi.setSystemTime(10_000);
    // config fetched from 10 s to 12 s, weights (taken over) from 11 s to 15 s: 10–15 s, overlap counted once.
    tracker.start(config, 0);
    tracker.fetchStarted(config);
    vi.setSystemTime(11_000);
    tracker.start(weights, 0);
    tracker.fetchStarted(weights);
    vi.setSystemTime(12_000);
    tracker.fetchEnded(config);
    tracker.finish(config);
    expect(tracker.fetchingMs()).toBe(2000);
    vi.setSystemTime(15_000);
    // Its last byte is on disk; hashing the prefix it took over and committing take 5 s more.
    tracker.fetchEnded(weights);
    vi.setSystemTime(20_000);
    tracker.finish(weights);
    expect(tracker.fetchingMs()).toBe(5000);
    // A file copied from the HF cache, or present all along, is started and finished without a fetch.
    tracker.start(config, 0);
    vi.setSystemTime(23_000);
    tracker.copied(config);
    tracker.finish(config);
    expect(tracker.fetchingMs()).toBe(5000);
  });

  it('ends a fetch when its file is dropped (failed, paused)', () => {
    const tracker = new ProgressTracker(planOf([weights]), 0);
    tracker.start(weights, 0);
    tracker.fetchStarted(weights);
    vi.setSystemTime(4000);
    tracker.drop(weights);
    vi.setSystemTime(9000);
    expect(tracker.fetchingMs()).toBe(4000);
  });
});

describe('ProgressTracker after a rate limit change', () => {
  it('measures the speed from the change, not over the window at the old rate', () => {
    const tracker = new ProgressTracker(planOf([weights]), 0);
    tracker.start(weights, 0);
    // 4 s at 4 MB/s...
    for (let second = 1; second <= 4; second++) {
      vi.setSystemTime(second * 1000);
      tracker.bytes(weights, 4_000_000);
    }
    expect(tracker.event().bytesPerSecond).toBeGreaterThan(3_000_000);
    // ...then limited to 1 MB/s: the next readings say so at once.
    tracker.speedsRestart();
    vi.setSystemTime(4500);
    tracker.bytes(weights, 500_000);
    vi.setSystemTime(5000);
    tracker.bytes(weights, 500_000);
    const event = tracker.event();
    expect(event.bytesPerSecond).toBeLessThan(1_500_000);
    expect(event.activeFiles[0]!.bytesPerSecond).toBeLessThan(1_500_000);
  });

  const large = planned('model.bin', 400_000_000);
  /** `bytesPerSecond` from `fromMs` to `toMs`: a quarter second's bytes at the start of each quarter. */
  const flow = (tracker: ProgressTracker, fromMs: number, toMs: number, bytesPerSecond: number) => {
    for (let at = fromMs; at < toMs; at += 250) {
      vi.setSystemTime(at);
      tracker.bytes(large, bytesPerSecond / 4);
    }
    vi.setSystemTime(toMs);
  };

  it('shows the limit set and its ETA at once, and never a speed above the limit', () => {
    let limit = Number.POSITIVE_INFINITY;
    const tracker = new ProgressTracker(
      planOf([large]),
      0,
      () => 0,
      () => limit,
    );
    tracker.start(large, 0);
    flow(tracker, 0, 4000, 40_000_000);
    expect(tracker.event().bytesPerSecond).toBe(40_000_000);
    limit = 2_000_000;
    tracker.speedsRestart();
    // What a user sees from the moment of the change on: the limit and the time left at it.
    const seen = (at: number) => {
      vi.setSystemTime(at);
      const event = tracker.event();
      return [event.bytesPerSecond, event.etaSeconds, event.activeFiles[0]!.bytesPerSecond];
    };
    const atLimit = (at: number) => {
      vi.setSystemTime(at);
      const remaining = large.size - tracker.event().downloaded;
      return [limit, Math.ceil(remaining / limit), limit];
    };
    expect(seen(4000)).toEqual(atLimit(4000));
    // The batches already received land just after the change (1.5 MB at once), then 2 MB/s.
    vi.setSystemTime(4100);
    tracker.bytes(large, 1_500_000);
    for (const at of [4100, 4500]) expect(seen(at)).toEqual(atLimit(at));
    flow(tracker, 4000, 8000, limit);
    for (const at of [5000, 6000, 8000]) expect(seen(at)).toEqual(atLimit(at));
  });

  it('keeps the last reading for a second after a limit is lifted, then measures the new rate', () => {
    let limit = 2_000_000;
    const tracker = new ProgressTracker(
      planOf([large]),
      0,
      () => 0,
      () => limit,
    );
    tracker.start(large, 0);
    flow(tracker, 0, 4000, 2_000_000);
    const before = tracker.event();
    expect(before.bytesPerSecond).toBe(2_000_000);
    limit = Number.POSITIVE_INFINITY;
    tracker.speedsRestart();
    const after = tracker.event();
    expect([after.bytesPerSecond, after.etaSeconds]).toEqual([before.bytesPerSecond, before.etaSeconds]);
    flow(tracker, 4000, 4750, 40_000_000);
    expect(tracker.event().bytesPerSecond).toBe(2_000_000);
    flow(tracker, 4750, 5500, 40_000_000);
    expect(tracker.event().bytesPerSecond).toBe(40_000_000);
  });
});

describe('ProgressTracker copiedFrom', () => {
  it('names the places in the plan’s file order, not in the order the copies finished', () => {
    const fromDir = {
      ...planned('a.bin', 10),
      cachedBlobPath: '/m/x/a.bin',
      copiedFrom: { from: 'local-dir', dir: '/m/x' },
    } satisfies PlannedFile;
    const fromFork = {
      ...planned('b.bin', 10),
      cachedBlobPath: '/hub/models--other--fork/blobs/b',
      copiedFrom: { from: 'hf-cache', repoId: 'other/fork' },
    } satisfies PlannedFile;
    const tracker = new ProgressTracker(planOf([fromDir, fromFork, config]), 0);
    tracker.copied(fromFork);
    tracker.copied(fromDir);
    expect(tracker.copiedFrom()).toEqual([
      { from: 'local-dir', dir: '/m/x' },
      { from: 'hf-cache', repoId: 'other/fork' },
    ]);
  });
});
