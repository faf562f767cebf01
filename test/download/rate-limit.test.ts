/**
 * A rate limit holds on the wire from the first second: the bytes that left the hub follow what the limiter
 * allowed within the stated margin, CONNECTION_READ_AHEAD_BYTES per open connection
 * (src/transfer/rate-bound-budget.ts, docs/transfer-rate-limits.md "Connections under a rate limit"). The hub's
 * own send buffers are not counted (hub.bytesDelivered(): megabytes per connection on loopback, which no
 * client can hold back).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferEvent } from '../../src/progress/events.js';
import { downloadModel } from '../../src/transfer/download-model.js';
import { CONNECTION_READ_AHEAD_BYTES, connectionsForLimits } from '../../src/transfer/rate-bound-budget.js';
import { createRateLimiter, DEFAULT_BURST_MS } from '../../src/transfer/rate-limiter.js';
import type { ByteRateLimiter } from '../../src/transfer/types.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { countingLimiter } from './counting-limiter.js';
import { eventsOfType, requestFor, tempDirs, testOptions } from './download-fixtures.js';
import { receivedMeter } from './received-meter.js';

const REPO = { repoId: 'org/limited', repoType: 'model' as const };
const WITH_SMALL = { repoId: 'org/limited-small', repoType: 'model' as const };
const LARGE = { repoId: 'org/limited-later', repoType: 'model' as const };
const MIB = 1024 * 1024;
const LIMIT = 1_000_000;
const WATCH_MS = 3000;

let hub: TestHub;
const temp = tempDirs('rate-limit');

beforeAll(async () => {
  hub = await startTestHub();
  // Two files large enough for 8 connections each (segments of at least 2 MiB).
  await hub.addRepo({
    repoId: REPO.repoId,
    files: [
      { path: 'model-1.bin', size: 32 * MIB },
      { path: 'model-2.bin', size: 32 * MIB },
    ],
  });
  await hub.addRepo({
    repoId: WITH_SMALL.repoId,
    files: [
      { path: 'model.bin', size: 20 * MIB },
      { path: 'config.json', content: '{"model_type":"tiny"}' },
    ],
  });
  // Large enough for segments of several MiB (16 MiB at most) at the default tuning.
  await hub.addRepo({ repoId: LARGE.repoId, files: [{ path: 'model.bin', size: 160 * MIB }] });
});
afterAll(async () => {
  await hub.close();
  await temp.removeAll();
});

/** REPO into `cacheDir` under `limiter`, until `signal` aborts it; settles with its error, never rejects. */
function limitedDownload(
  events: TransferEvent[],
  limiter: ByteRateLimiter,
  signal: AbortSignal,
  cacheDir: string,
): Promise<unknown> {
  return downloadModel(
    requestFor(hub, REPO, { cacheDir }),
    testOptions(events, {
      rateLimiters: [limiter],
      signal,
      transfer: { retryPolicy: { baseDelayMs: 10, maxDelayMs: 50 } },
    }),
  ).catch((error: unknown) => error);
}

describe('downloadModel under a rate limit', () => {
  // hub.bytesDelivered() reads the kernel's send queues from /proc/net/tcp.
  it.runIf(process.platform === 'linux')(
    'keeps the bytes on the wire within the limit from the first second',
    async () => {
      const events: TransferEvent[] = [];
      const limiter = countingLimiter(LIMIT);
      // The limiter's bucket is full from here on.
      const startedAt = performance.now();
      const controller = new AbortController();
      const download = limitedDownload(events, limiter, controller.signal, await temp.make());
      const connections = connectionsForLimits([limiter]);
      const margin = connections * CONNECTION_READ_AHEAD_BYTES;
      const bucket = (LIMIT * DEFAULT_BURST_MS) / 1000;
      let beyondAllowed = { excess: Number.NEGATIVE_INFINITY, atMs: 0, delivered: 0, allowed: 0 };
      let beyondRate = { excess: Number.NEGATIVE_INFINITY, atMs: 0, delivered: 0 };
      while (performance.now() - startedAt < WATCH_MS) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const allowed = limiter.allowed;
        const delivered = hub.bytesDelivered()!;
        const atMs = Math.round(performance.now() - startedAt);
        if (delivered - allowed > beyondAllowed.excess) {
          beyondAllowed = { excess: delivered - allowed, atMs, delivered, allowed };
        }
        const byRate = delivered - (LIMIT * atMs) / 1000 - bucket;
        if (byRate > beyondRate.excess) beyondRate = { excess: byRate, atMs, delivered };
      }
      controller.abort();
      await download;
      // Something flowed (the limit is not kept by sending nothing).
      expect(hub.bytesDelivered()).toBeGreaterThan(LIMIT);
      // After the limiter allowed N bytes, at most N + margin had left the hub.
      expect(beyondAllowed.excess, JSON.stringify(beyondAllowed)).toBeLessThanOrEqual(margin);
      // And so at most the limit × time + the bucket + margin since the limiter was made.
      expect(beyondRate.excess, JSON.stringify(beyondRate)).toBeLessThanOrEqual(margin);
      // One connection at a time (the two files take turns), as the progress events report.
      const open = eventsOfType(events, 'progress').map((event) => event.connections ?? 0);
      expect(Math.max(...open)).toBe(connections);
    },
    15_000,
  );

  it('lets a small file through beside a large one on the one connection a low limit leaves', async () => {
    const events: TransferEvent[] = [];
    const limiter = createRateLimiter(200_000);
    const controller = new AbortController();
    // The large file starts first (transfer-order.ts) and takes the one connection for its whole body:
    // 20 MiB at 200 kB/s. config.json has a connection of its own.
    const download = downloadModel(
      requestFor(hub, WITH_SMALL, { cacheDir: await temp.make() }),
      testOptions(events, { rateLimiters: [limiter], signal: controller.signal }),
    ).catch((error: unknown) => error);
    const small = () => eventsOfType(events, 'file-done').some((event) => event.path === 'config.json');
    for (let waited = 0; waited < 5000 && !small(); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    controller.abort();
    await download;
    expect(small()).toBe(true);
    const open = eventsOfType(events, 'progress').map((event) => event.connections ?? 0);
    expect(Math.max(...open)).toBeLessThanOrEqual(connectionsForLimits([limiter]) + 1);
  }, 15_000);

  it('never makes a connection look slow: a connection waiting on the limiter is not judged', async () => {
    const events: TransferEvent[] = [];
    // 8 connections' worth of limit, shared first come first served between the two files' connections.
    const limiter = createRateLimiter(16_000_000);
    const controller = new AbortController();
    const download = limitedDownload(events, limiter, controller.signal, await temp.make());
    const base = connectionsForLimits([limiter]);
    const open = () => eventsOfType(events, 'progress').map((event) => event.connections ?? 0);
    // Watched once every connection the limit allows is open (on a loaded machine that took 2.5 s, and a
    // watch from the start saw 2 or 5 at most).
    while (!open().includes(base)) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, WATCH_MS));
    controller.abort();
    await download;
    // None opened beyond the base rule: on a quiet machine the limiter holds the connections back (never
    // "slow"), on a loaded one the loop reads saturated (the machine is slow, not they: limited-connections.ts;
    // with four test processes on two cores the rule for slow connections opened 11 before it read the loop).
    expect(Math.max(...open())).toBe(base);
    expect(eventsOfType(events, 'stall')).toEqual([]);
  }, 20_000);

  // The meter reads the kernel's receive queues from /proc/net/tcp.
  it.runIf(process.platform === 'linux')(
    'applies a limit set mid-download to the requests in flight and the speed shown, and resumes exactly',
    async () => {
      const events: TransferEvent[] = [];
      const limiter = countingLimiter(0);
      // A CDN at 8 MB/s per stream: the download runs unlimited for a while, on segments of several MiB.
      hub.setFaults({ perStreamBytesPerSecond: { bytesPerSecond: 8_000_000 } });
      const meter = receivedMeter();
      try {
        const cacheDir = await temp.make();
        const controller = new AbortController();
        const download = downloadModel(
          requestFor(hub, LARGE, { cacheDir }),
          testOptions(events, {
            rateLimiters: [limiter],
            signal: controller.signal,
            transfer: { retryPolicy: { baseDelayMs: 10, maxDelayMs: 50 }, dispatcher: meter.dispatcher },
          }),
        ).catch((error: unknown) => error);
        // 40 MiB in, and a speed measured long enough to give an ETA (MIN_ETA_SAMPLED_MS: on a fast machine
        // 40 MiB took 0.7 s, and the speed held over the change had too little behind it for one).
        const measured = () => eventsOfType(events, 'progress').at(-1)?.etaSeconds != null;
        while ((meter.received() ?? 0) < 40 * MIB || !measured())
          await new Promise((resolve) => setTimeout(resolve, 20));
        const requestsBefore = meter.ranges.length;
        const receivedBefore = meter.received()!;
        const eventsBefore = events.length;
        limiter.setRate(LIMIT);
        const margin = connectionsForLimits([limiter]) * CONNECTION_READ_AHEAD_BYTES;
        const startedAt = performance.now();
        let beyondAllowed = { excess: Number.NEGATIVE_INFINITY, atMs: 0, received: 0, allowed: 0 };
        while (performance.now() - startedAt < WATCH_MS) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          const allowed = limiter.allowed;
          const received = meter.received()! - receivedBefore;
          if (received - allowed > beyondAllowed.excess) {
            const atMs = Math.round(performance.now() - startedAt);
            beyondAllowed = { excess: received - allowed, atMs, received, allowed };
          }
        }
        const requestsUnder = meter.ranges.slice(requestsBefore);
        const progressUnder = eventsOfType(events.slice(eventsBefore), 'progress');
        // Paused, and resumed without a limit: the resume map holds exactly the bytes on disk (the resumed run
        // fetches only the rest, and the file passes its hash check).
        controller.abort();
        await download;
        const resumed: TransferEvent[] = [];
        await downloadModel(requestFor(hub, LARGE, { cacheDir }), testOptions(resumed));
        const resumedBytes = eventsOfType(resumed, 'file-start')[0]!.resumedBytes;
        // Most of the 40 MiB received before the change: what the requests cut short had received beyond
        // their lanes' written bytes is not on disk, and is fetched again.
        expect(resumedBytes).toBeGreaterThan(32 * MIB);
        expect(eventsOfType(resumed, 'file-done').map((event) => event.path)).toEqual(['model.bin']);
        expect(eventsOfType(resumed, 'done')[0]!.downloadedBytes).toBe(160 * MIB - resumedBytes);
        // The requests in flight at the change (megabytes each, with receive windows grown unlimited) stopped
        // at once: from then on the margin of a download started under the limit holds, counted on the
        // client's sockets: each connection's request (≤ 768 KiB) plus the one chunk of its previous request
        // that is paid for after it arrived (rate-bound-budget.ts), and the response headers (under 1 KiB a
        // request). A chunk is one socket read (64 KiB) on a quiet machine; under the suite's load undici's read
        // returned several joined (a CI run: 100 kB beyond a 64 KiB chunk's bound), so the largest chunk the
        // handlers got counts. Twice the margin where the bound for slow connections grew meanwhile (on a loaded
        // machine a fast connection can read as slow) while base-rule requests were in flight:
        // docs/transfer-rate-limits.md, "Slow connections under a rate limit". Before the fix: 2.5–13 MB.
        const base = connectionsForLimits([limiter]);
        const grew = progressUnder.some((event) => (event.connections ?? 0) > base);
        const chunk = Math.max(64 * 1024, meter.largestChunk());
        expect(beyondAllowed.excess, JSON.stringify({ ...beyondAllowed, grew, chunk })).toBeLessThanOrEqual(
          (grew ? 2 : 1) * margin + base * chunk + 1024 * requestsUnder.length,
        );
        // The speed shown says the limit from the first event on, never more, and the ETA is there at once.
        expect(progressUnder.length).toBeGreaterThan(10);
        expect(progressUnder[0]!.etaSeconds, JSON.stringify(progressUnder.slice(0, 3))).not.toBeNull();
        expect(Math.max(...progressUnder.map((event) => event.bytesPerSecond))).toBeLessThanOrEqual(LIMIT);
        // Every range request sent under the limit asked for at most what a connection may read ahead.
        expect(requestsUnder.length).toBeGreaterThan(0);
        for (const range of requestsUnder) {
          const [, first, last] = /bytes=(\d+)-(\d+)/.exec(range)!;
          expect(Number(last) - Number(first) + 1).toBeLessThanOrEqual(CONNECTION_READ_AHEAD_BYTES);
        }
      } finally {
        hub.resetFaults();
        await meter.dispatcher.close();
      }
    },
    30_000,
  );
});
