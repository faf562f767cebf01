/**
 * A rate limit over connections that are each slow (a CDN pacing every connection at 300 kB/s): the download
 * opens as many as the limit can use at that rate, and gives them back once the connections carry the limit;
 * the bytes on the wire stay within the margin its request sizes allow throughout
 * (src/transfer/limited-connections.ts, docs/transfer-rate-limits.md "Connections under a rate limit").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONNECTIONS_PER_FILE } from '../../src/defaults.js';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import {
  CONNECTION_READ_AHEAD_BYTES,
  connectionsForLimits,
  MIN_LIMITED_REQUEST_BYTES,
  segmentBytesForLimits,
} from '../../src/transfer/rate-bound-budget.js';
import { DEFAULT_BURST_MS } from '../../src/transfer/rate-limiter.js';
import type { DownloadModelOptions } from '../../src/transfer/run-context.js';
import type { ByteRateLimiter } from '../../src/transfer/types.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { countingLimiter } from './counting-limiter.js';
import { eventsOfType, requestFor, tempDirs, testOptions } from './download-fixtures.js';
import { receivedMeter } from './received-meter.js';

const REPO = { repoId: 'org/limited-slow', repoType: 'model' as const };
const MIB = 1024 * 1024;
const LIMIT = 4_000_000;
const PER_CONNECTION = 300_000;
/** Bytes of response headers the meter counts per request, at most. */
const HEADER_BYTES = 1024;

let hub: TestHub;
const temp = tempDirs('rate-limit-slow');

beforeAll(async () => {
  hub = await startTestHub();
  await hub.addRepo({ repoId: REPO.repoId, files: [{ path: 'model.bin', size: 64 * MIB }] });
});
afterAll(async () => {
  await hub.close();
  await temp.removeAll();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the 64 MiB download into a new cache folder under `limiter`, its events into `events`, until `signal`
 * aborts; `transfer` adds to the fast retries (what reads the wire, how busy the loop reads). Once it is started:
 * `download`, which settles with its result or its error (wrapped, so that the test watches it meanwhile).
 */
async function startLimitedDownload(
  events: TransferEvent[],
  limiter: ByteRateLimiter,
  signal: AbortSignal,
  transfer: NonNullable<DownloadModelOptions['transfer']>,
): Promise<{ download: Promise<unknown> }> {
  const download = downloadModel(
    requestFor(hub, REPO, { cacheDir: await temp.make() }),
    testOptions(events, {
      rateLimiters: [limiter],
      signal,
      transfer: { retryPolicy: { baseDelayMs: 10, maxDelayMs: 50 }, ...transfer },
    }),
  ).catch((error: unknown) => error);
  return { download };
}

describe('downloadModel under a rate limit over slow connections', () => {
  // The meter reads the kernel's receive queues from /proc/net/tcp.
  it.runIf(process.platform === 'linux')(
    'opens as many slow connections as the limit can use, gives them back when they carry it, and keeps the bytes on the wire within the margin',
    async () => {
      const events: TransferEvent[] = [];
      const limiter = countingLimiter(LIMIT);
      const base = connectionsForLimits([limiter]);
      const bucket = (LIMIT * DEFAULT_BURST_MS) / 1000;
      hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: PER_CONNECTION } });
      const meter = receivedMeter();
      const controller = new AbortController();
      try {
        const startedAt = performance.now();
        const { download } = await startLimitedDownload(events, limiter, controller.signal, {
          dispatcher: meter.dispatcher,
          // The loop reads idle: this case is about slow connections (the saturated loop has its own, below).
          loopBusyMs: () => 0,
        });
        let beyond = { excess: Number.NEGATIVE_INFINITY, atMs: 0, received: 0, allowed: 0, requests: 0 };
        let beyondRate = { excess: Number.NEGATIVE_INFINITY, atMs: 0 };
        const watch = async (ms: number) => {
          for (const until = performance.now() + ms; performance.now() < until; ) {
            await sleep(20);
            const allowed = limiter.allowed;
            const received = meter.received()!;
            const headers = HEADER_BYTES * meter.ranges.length;
            const atMs = Math.round(performance.now() - startedAt);
            const excess = received - allowed - headers;
            if (excess > beyond.excess)
              beyond = { excess, atMs, received, allowed, requests: meter.ranges.length };
            const byRate = received - headers - (LIMIT * atMs) / 1000 - bucket;
            if (byRate > beyondRate.excess) beyondRate = { excess: byRate, atMs };
          }
        };
        // Slow connections: the controller measures two connections far below their share, and opens more.
        await watch(2500);
        const allowedAt = limiter.allowed;
        const measuredFrom = performance.now();
        await watch(1500);
        const slowShare = ((limiter.allowed - allowedAt) * 1000) / (performance.now() - measuredFrom) / LIMIT;
        const slowEvents = eventsOfType(events, 'progress');
        const requestsSlow = meter.ranges.length;
        // The connections speed up (the pace lifted): they carry the limit, and go back to the base rule.
        hub.resetFaults();
        const eventsBefore = events.length;
        await watch(5000);
        const fastEvents = eventsOfType(events.slice(eventsBefore), 'progress');
        controller.abort();
        await download;
        const trace = eventsOfType(events, 'progress')
          .map((event) => event.connections)
          .join(' ');

        const slowOpen = Math.max(...slowEvents.map((event) => event.connections ?? 0));
        // What the connections may read ahead of the limiter, by the design (docs/transfer-rate-limits.md, "Slow
        // connections under a rate limit"): a request under N connections asks for base × 768 KiB / N but at
        // least 64 KiB (segmentBytesForLimits), so N read at most the base rule's margin (2 × 768 KiB) up to 24
        // connections, and N × 64 KiB above. The count reaches more than 24 on a loaded machine (only the cap
        // bounds it, below): with a busy loop beside it, a run that opened 32 read 1.77 MB beyond the limiter,
        // within 32 × 64 KiB (2.10 MB) but not the base margin (1.57 MB); 38 other runs (13–32 open) read
        // 1.50 MB at most. A CI run read 1.60 MB (its count not recorded).
        const mostOpen = Math.max(
          base,
          ...eventsOfType(events, 'progress').map((event) => event.connections ?? 0),
        );
        const margin = Math.max(base * CONNECTION_READ_AHEAD_BYTES, mostOpen * MIN_LIMITED_REQUEST_BYTES);
        const firstGrown = slowEvents.map((event) => event.connections ?? 0).find((open) => open > base);
        // The first step is measured over the base rule's 2 connections, which carry their pace even on a
        // machine busy with the whole suite: as many as the limit can use at that rate, floor(4 MB/s / 300 kB/s)
        // = 13; 10–20 allows each connection a third faster or slower. A controller that ignored the rate would
        // open the ceiling (32) at once. Later steps are measured over the connections it opened, which on a
        // loaded 2-core machine carry less than their pace (the client is short of CPU, not the line): 16, 18
        // and 22 were opened in CI runs, each by the same rule (limited-connections.test.ts checks its
        // arithmetic), so only the ceiling bounds them here.
        expect(base).toBe(2);
        expect(firstGrown, trace).toBeGreaterThanOrEqual(10);
        expect(firstGrown, trace).toBeLessThanOrEqual(Math.floor(LIMIT / ((PER_CONNECTION * 2) / 3)));
        expect(slowOpen, trace).toBeLessThanOrEqual(DEFAULT_CONNECTIONS_PER_FILE);
        // The limit bounds them, and the events say so.
        const grownReasons = slowEvents.filter((event) => (event.connections ?? 0) > base);
        expect(new Set(grownReasons.map((event) => event.connectionsReason))).toEqual(
          new Set(['rate-limit']),
        );
        // Well above the 2 × 300 kB/s (0.15 of the limit) the base rule carried: 0.45 is three times that. Not
        // "most of the limit" as a bound: on a loaded 2-core machine one 1.5 s window measured 0.56.
        expect(slowShare).toBeGreaterThan(0.45);
        // Each request under the grown bound asked for its share of the base rule's read-ahead.
        const requestBytes = meter.ranges.slice(0, requestsSlow).map((range) => {
          const [, first, last] = /bytes=(\d+)-(\d+)/.exec(range)!;
          return Number(last) - Number(first) + 1;
        });
        expect(Math.max(...requestBytes)).toBeLessThanOrEqual(CONNECTION_READ_AHEAD_BYTES);
        expect(Math.min(...requestBytes)).toBeLessThanOrEqual(segmentBytesForLimits([limiter], slowOpen));
        // Fast again: the limiter holds the bytes back, and the connections go back to the base rule's.
        expect(fastEvents.length).toBeGreaterThan(5);
        expect(fastEvents.at(-1)!.connections, trace).toBe(base);
        // After the limiter allowed N bytes, at most N + the margin had reached the client, slow or fast, and so
        // at most the limit × time + the bucket + the margin.
        expect(beyond.excess, JSON.stringify({ ...beyond, mostOpen, margin })).toBeLessThanOrEqual(margin);
        expect(beyondRate.excess, JSON.stringify({ ...beyondRate, mostOpen, margin })).toBeLessThanOrEqual(
          margin,
        );
      } finally {
        controller.abort();
        hub.resetFaults();
        await meter.dispatcher.close();
      }
    },
    30_000,
  );

  it('opens none for slow connections while its event loop is saturated: the machine is slow, not they', async () => {
    // The same slow connections, but the loop reports itself busy all the time (injected: a real busy loop
    // would starve this test's hub too). The rule for slow connections would open ~13 within 2.5 s (above);
    // saturated, the download stays on the base rule's connections (limited-connections.ts).
    const events: TransferEvent[] = [];
    const limiter = countingLimiter(LIMIT);
    const base = connectionsForLimits([limiter]);
    hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: PER_CONNECTION } });
    const controller = new AbortController();
    try {
      const { download } = await startLimitedDownload(events, limiter, controller.signal, {
        loopBusyMs: () => performance.now(),
      });
      await sleep(4000);
      controller.abort();
      await download;
      const open = eventsOfType(events, 'progress').map((event) => event.connections ?? 0);
      expect(open.length).toBeGreaterThan(5);
      expect(Math.max(...open), open.join(' ')).toBe(base);
    } finally {
      controller.abort();
      hub.resetFaults();
    }
  }, 20_000);
});
