/**
 * Why a download has the connections it has (`connectionsReason` beside `connections` in its progress events,
 * src/progress/connections-reason.ts), end to end through downloadModel: the cap named as set or as hubget's
 * default, a rate limit bounding the count, the budget, and a file split as far as it goes (nothing left to split). The controller's own verdicts (line, CPU) are told in
 * src/transfer/adaptive-connections.verdict.test.ts and transfer-file.adaptive.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionsReason } from '../../src/progress/connections-reason.js';
import type { TransferEvent } from '../../src/progress/events.js';
import { createConnectionBudget } from '../../src/transfer/connection-budget.js';
import { type DownloadModelOptions, downloadModel } from '../../src/transfer/download-model.js';
import { createRateLimiter } from '../../src/transfer/rate-limiter.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { eventsOfType, requestFor, tempDirs, testOptions } from './download-fixtures.js';

const REPO = { repoId: 'org/why', repoType: 'model' as const };
const TWO_FILES = { repoId: 'org/why-two', repoType: 'model' as const };
const ONE_SEGMENT = { repoId: 'org/why-one', repoType: 'model' as const };
const LARGER = { repoId: 'org/why-larger', repoType: 'model' as const };
const MIB = 1024 * 1024;

let hub: TestHub;
const temp = tempDirs('connections-reason');

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({ repoId: REPO.repoId, files: [{ path: 'model.bin', size: 4 * MIB }] });
  await hub.addRepo({ repoId: ONE_SEGMENT.repoId, files: [{ path: 'small.bin', size: MIB }] });
  await hub.addRepo({ repoId: LARGER.repoId, files: [{ path: 'model.bin', size: 24 * MIB }] });
  await hub.addRepo({
    repoId: TWO_FILES.repoId,
    files: [
      { path: 'a.bin', size: 4 * MIB },
      { path: 'b.bin', size: 4 * MIB },
    ],
  });
});
afterAll(async () => {
  await hub.close();
  await temp.removeAll();
});

/** The reasons of the progress events that have connections open, in order. */
async function reasonsOf(
  extra: DownloadModelOptions,
  initialConnections: number,
  repo: typeof REPO = REPO,
  segmentBytes = { minSegmentBytes: 64 * 1024, maxSegmentBytes: 128 * 1024 },
): Promise<Array<ConnectionsReason | undefined>> {
  const events: TransferEvent[] = [];
  await downloadModel(
    requestFor(hub, repo, { cacheDir: await temp.make() }),
    testOptions(events, {
      ...extra,
      transfer: {
        retryPolicy: { baseDelayMs: 10, maxDelayMs: 50 },
        tuning: { ...segmentBytes, initialConnections },
      },
    }),
  );
  return eventsOfType(events, 'progress')
    .filter((event) => (event.connections ?? 0) > 0)
    .map((event) => event.connectionsReason);
}

/**
 * The reasons before the file is split as far as it goes, checking that `fully-split` then holds to the end
 * (its connections close as nothing is left to split, whatever held the count before).
 */
function beforeFullySplit(
  reasons: Array<ConnectionsReason | undefined>,
): Array<ConnectionsReason | undefined> {
  const tail = reasons.indexOf('fully-split');
  if (tail < 0) return reasons;
  expect(
    reasons.slice(tail).every((reason) => reason === 'fully-split'),
    reasons.join(','),
  ).toBe(true);
  return reasons.slice(0, tail);
}

describe('downloadModel: why it has the connections it has', () => {
  it('names a cap set for the download (connectionsPerFile below the count a file starts with)', async () => {
    // 4 connections of 0.5 MB/s each: ~2 s for 4 MiB; the first measurement at 4 finds the cap.
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 500_000 } });
    const reasons = beforeFullySplit(await reasonsOf({ connectionsPerFile: 4 }, 8));
    expect(reasons.at(-1), reasons.join(',')).toBe('ceiling');
    expect(reasons.every((reason) => reason === 'measuring' || reason === 'ceiling')).toBe(true);
  }, 20_000);

  it("names hubget's default cap when no connections setting was given", async () => {
    // Starting at the default cap (32 connections of 0.2 MB/s each): the first measurement finds it. 24 MiB
    // (≈ 4 s), so that measurement comes while every connection is open, also on a loaded machine, where 8 MiB
    // was fully split before the controller's first verdict (4 MiB is 32 segments: fully split at once).
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 200_000 } });
    const reasons = beforeFullySplit(await reasonsOf({}, 32, LARGER));
    expect(reasons.at(-1), reasons.join(',')).toBe('default-ceiling');
    expect(reasons.every((reason) => reason === 'measuring' || reason === 'default-ceiling')).toBe(true);
  }, 20_000);

  it('says the connection budget bounds them when the files together hold every slot', async () => {
    // Two files that would take 8 connections each, a budget of 4: neither gets its target, and the
    // controller judges no sample (its verdict would read "measuring" throughout).
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 500_000 } });
    const reasons = await reasonsOf({ connectionBudget: createConnectionBudget(4) }, 8, TWO_FILES);
    const budget = reasons.filter((reason) => reason === 'budget').length;
    expect(budget, reasons.join(',')).toBeGreaterThan(reasons.length / 2);
  }, 20_000);

  it('says a file with nothing left to split is fully split, not held by the budget', async () => {
    // One segment is the whole file: its one connection is all it can use, though the budget (1) is full.
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 500_000 } });
    const reasons = await reasonsOf({ connectionBudget: createConnectionBudget(1) }, 8, ONE_SEGMENT, {
      minSegmentBytes: 2 * MIB,
      maxSegmentBytes: 2 * MIB,
    });
    expect(reasons.length).toBeGreaterThan(0);
    expect(
      reasons.every((reason) => reason === 'fully-split'),
      reasons.join(','),
    ).toBe(true);
  }, 20_000);

  it('says a bandwidth limit bounds the connections from the first event on', async () => {
    hub.resetFaults();
    const reasons = beforeFullySplit(await reasonsOf({ rateLimiters: [createRateLimiter(4_000_000)] }, 8));
    expect(reasons.length).toBeGreaterThan(0);
    expect(
      reasons.every((reason) => reason === 'rate-limit'),
      reasons.join(','),
    ).toBe(true);
  }, 20_000);

  it('counts no connection for a lane waiting to retry, and says retrying rather than fully split', async () => {
    // Four connections of 0.5 MB/s each, then a CDN answering 503 to every request for 1.5 s (a connect refused
    // during an outage is the same for the count): each lane holds its slot, waits ~300 ms, asks again.
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 500_000 } });
    const events: TransferEvent[] = [];
    let outage: { from: number; to: number } | undefined;
    await downloadModel(
      requestFor(hub, REPO, { cacheDir: await temp.make() }),
      testOptions(events, {
        connectionsPerFile: 4,
        transfer: {
          retryPolicy: { baseDelayMs: 400, maxDelayMs: 400, maxConsecutiveFailures: 100, random: () => 0.75 },
          tuning: { minSegmentBytes: 64 * 1024, maxSegmentBytes: 128 * 1024, initialConnections: 4 },
        },
        onEvent: (event) => {
          events.push(event);
          if (outage || event.type !== 'progress' || (event.connections ?? 0) < 4) return;
          // Every connection open: the outage begins. Streams under way end within a segment (≤ 0.26 s).
          hub.setFaults({ status: { status: 503, on: 'cdn' } });
          outage = { from: events.length, to: events.length };
          setTimeout(() => {
            outage!.to = events.length;
            hub.resetFaults();
          }, 1500);
        },
      }),
    );
    expect(outage).toBeDefined();
    // From 0.5 s into the outage (every stream that had started ended) to its end.
    const during = eventsOfType(events.slice(outage!.from, outage!.to), 'progress').slice(5);
    expect(during.length).toBeGreaterThan(3);
    const counts = during.map((event) => event.connections);
    // A 503 takes a millisecond or two: an event now and then may find one request under way, never the four.
    expect(counts.filter((count) => count === 0).length, counts.join(',')).toBeGreaterThanOrEqual(
      during.length / 2,
    );
    expect(Math.max(...counts.map(Number)), counts.join(',')).toBeLessThan(4);
    const reasons = during.map((event) => event.connectionsReason);
    expect(
      reasons.every((reason) => reason === undefined || reason === 'retrying'),
      reasons.join(','),
    ).toBe(true);
  }, 20_000);
});
