import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  countingBudget,
  exists,
  expectFileEquals,
  KIB,
  MIB,
  transferHarness,
} from '../../test/support/transfer/transfer-harness.js';
import { type HubgetError, isHubgetError } from '../errors.js';
import type { FileConnections } from '../progress/connections-reason.js';
import { transferFile } from './transfer-file.js';

const harness = transferHarness();
const serve: typeof harness.serve = (...args) => harness.serve(...args);
const params: typeof harness.params = (...args) => harness.params(...args);

/** Network faults: drops, statuses, stalls, ignored Range, expired URLs, slow connections, budget. */
describe('transferFile under network faults', () => {
  it('resumes after the socket is destroyed mid-body, fetching only the rest', async () => {
    const content = randomBytes(2 * MIB);
    const server = await serve(content, (info) =>
      info.index < 2 ? { type: 'destroy-after', bytes: 100 * KIB } : undefined,
    );
    const { options, events } = params(server, content);
    await transferFile(options);
    await expectFileEquals(options.tempPath, content);
    expect(events.filter((event) => event.type === 'retry').length).toBeGreaterThanOrEqual(2);
    // Re-issued ranges start where the bytes stopped: nothing is fetched twice.
    for (const cut of server.requests.slice(0, 2)) {
      const resumedAt = cut.range!.start + 100 * KIB;
      expect(server.requests.some((request) => request.index > 1 && request.range!.start === resumedAt)).toBe(
        true,
      );
    }
  });

  it('retries a 500 and honours Retry-After', async () => {
    const content = randomBytes(512 * KIB);
    const server = await serve(content, (info) =>
      info.index === 0 ? { type: 'status', status: 500, headers: { 'retry-after': '2' } } : undefined,
    );
    const { options, events } = params(server, content, { connections: 1 });
    await transferFile(options);
    await expectFileEquals(options.tempPath, content);
    const retry = events.find((event) => event.type === 'retry');
    // Retry-After 2 s (+ 1 s, as huggingface_hub) scaled by delayScale 0.01.
    expect(retry).toMatchObject({
      type: 'retry',
      attempt: 1,
      delayMs: 30,
      // The URL that answered, as a mirror keeps a 429's wait by its bucket (src/hub/rate-limit-windows.ts).
      error: { code: 'HUB_HTTP_ERROR', url: `${server.url}/file` },
      // What ends its retries (retryLimit), for the notices: five tries without an outage budget.
      limit: { failures: 5 },
      // Its one connection waits: none of the file's is open, so the file waits (src/progress/file-waiting.ts).
      connectionsOpen: 0,
    });
  });

  it('takes the bytes of a connection that waits to retry, instead of waiting for it', async () => {
    const content = randomBytes(1 * MIB);
    // The second connection's first request answers 503, retry in an hour (delays are capped at 300 s): its bytes are
    // fetched by the first connection once that has nothing else to do, and the file ends without that wait (which
    // without it would outlast the test's time).
    const server = await serve(content, (info) =>
      info.index === 1 ? { type: 'status', status: 503, headers: { 'retry-after': '3600' } } : undefined,
    );
    const { options, events } = params(server, content, {
      connections: 2,
      tuning: { minSegmentBytes: 128 * KIB, maxSegmentBytes: 128 * KIB, initialConnections: 2 },
      retryPolicy: { delayScale: 1 },
    });
    await transferFile(options);
    await expectFileEquals(options.tempPath, content);
    expect(events.find((event) => event.type === 'retry')).toMatchObject({
      delayMs: 300_000,
      connectionsOpen: 1,
    });
    // Its range was asked for once more, by the other connection, and never again by the woken one.
    const waited = server.requests[1]!.range!.start;
    expect(server.requests.filter((request) => request.range?.start === waited)).toHaveLength(2);
    const requestsAtEnd = server.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests.length).toBe(requestsAtEnd);
  });

  it("tells the moment the file's last open connection goes into a wait to retry", async () => {
    const content = randomBytes(256 * KIB);
    const server = await serve(content, (info) =>
      info.index === 0 ? { type: 'status', status: 503, headers: { 'retry-after': '1' } } : undefined,
    );
    let reading: (() => FileConnections) | undefined;
    const told: Pick<FileConnections, 'open' | 'retrying'>[] = [];
    const { options } = params(server, content, {
      connections: 1,
      watchConnections: (read) => {
        reading = read;
      },
      onConnectionsChanged: () => {
        const { open, retrying } = reading?.() ?? { open: -1, retrying: -1 };
        told.push({ open, retrying });
      },
    });
    await transferFile(options);
    await expectFileEquals(options.tempPath, content);
    // Told as it went into the wait and out of it, not at the next look (a progress event's, 500 ms later).
    expect(told).toContainEqual({ open: 0, retrying: 1 });
    expect(told.at(-1)).toEqual({ open: 0, retrying: 0 });
  });

  it('gives up with TRANSFER_FAILED after consecutive failures without progress', async () => {
    const content = randomBytes(256 * KIB);
    const server = await serve(content, () => ({ type: 'status', status: 503 }));
    const { options, events } = params(server, content, {
      connections: 1,
      retryPolicy: { delayScale: 0.001, maxConsecutiveFailures: 3 },
    });
    const error = await transferFile(options).catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'TRANSFER_FAILED')).toBe(true);
    expect((error as HubgetError).status).toBe(503);
    expect(server.requests.length).toBe(3);
    expect(events.filter((event) => event.type === 'retry').length).toBe(2);
    // Not one byte arrived: no empty temp file nor map is left behind (nothing to resume).
    expect(await exists(options.tempPath)).toBe(false);
    expect(await exists(options.resumeMapPath)).toBe(false);
  });

  it('tries longer when nothing answers (an outage), as long as unreachableFailures says', async () => {
    const content = randomBytes(64 * KIB);
    const server = await serve(content);
    const { options, events } = params(server, content, {
      connections: 1,
      // A port nothing listens on: connection refused, every time.
      resolveUrl: async () => ({ url: 'http://127.0.0.1:9/file', headers: {} }),
      retryPolicy: { delayScale: 0.001, maxConsecutiveFailures: 3, unreachableFailures: 7 },
    });
    const error = await transferFile(options).catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'TRANSFER_FAILED')).toBe(true);
    expect((error as HubgetError).message).toMatch(/after 7 failures without progress: .*ECONNREFUSED/);
    const retries = events.filter((event) => event.type === 'retry');
    expect(retries.length).toBe(6);
    // Each says which host did not answer, and why (the web UI's retry line reads it).
    expect(retries[0]).toMatchObject({ unreachable: { code: 'ECONNREFUSED', host: '127.0.0.1:9' } });
  });

  it('with an outage budget, tries a host that does not answer for that long, whatever the count', async () => {
    const content = randomBytes(64 * KIB);
    const server = await serve(content);
    const { options, events } = params(server, content, {
      connections: 1,
      resolveUrl: async () => ({ url: 'http://127.0.0.1:9/file', headers: {} }),
      // A server job's rule (SERVER_JOB_RETRY_POLICY), shortened: the count of 3 does not apply.
      retryPolicy: {
        delayScale: 0.001,
        maxConsecutiveFailures: 3,
        unreachableFailures: 3,
        outageBudgetMs: 600,
      },
    });
    const error = await transferFile(options).catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'TRANSFER_FAILED')).toBe(true);
    expect((error as HubgetError).message).toMatch(
      /gave up on bytes 0-65535 after \d+ failures over 1 s without progress: .*ECONNREFUSED/,
    );
    expect(events.filter((event) => event.type === 'retry').length).toBeGreaterThan(3);
  });

  it('fails at once on a non-retryable status', async () => {
    const content = randomBytes(64 * KIB);
    const server = await serve(content, () => ({ type: 'status', status: 404 }));
    const { options } = params(server, content);
    const error = await transferFile(options).catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'ENTRY_NOT_FOUND')).toBe(true);
    expect(server.requests.length).toBeLessThanOrEqual(4);
  });

  it('re-issues a stalled range after the stall timeout', async () => {
    const content = randomBytes(1 * MIB);
    const server = await serve(content, (info) =>
      info.index === 0 ? { type: 'stall-after', bytes: 50 * KIB } : undefined,
    );
    const { options, events } = params(server, content, { stallTimeoutMs: 300 });
    await transferFile(options);
    await expectFileEquals(options.tempPath, content);
    const stall = events.find((event) => event.type === 'stall');
    expect(stall).toMatchObject({ type: 'stall', reason: 'no-data', path: 'model.bin' });
    expect((stall as { idleMs: number }).idleMs).toBeGreaterThanOrEqual(300);
  });

  it('writes a 200 answer to a ranged request from byte 0 (server ignores Range)', async () => {
    const content = randomBytes(1 * MIB + 7);
    const server = await serve(content, () => ({ type: 'ignore-range' }));
    const { options, bytes } = params(server, content);
    const result = await transferFile(options);
    await expectFileEquals(options.tempPath, content);
    expect(result.fetchedBytes).toBe(content.length);
    expect(bytes()).toBe(content.length);
  });

  it('never writes a 200 body at the offset of a ranged request that did not start at 0', async () => {
    const content = randomBytes(1 * MIB);
    const server = await serve(content, (info) =>
      info.range && info.range.start > 0 && info.index < 3 ? { type: 'ignore-range' } : undefined,
    );
    const { options, bytes } = params(server, content);
    await transferFile(options);
    await expectFileEquals(options.tempPath, content);
    expect(bytes()).toBe(content.length);
  });

  it('retries a 206 whose Content-Range does not match the request', async () => {
    const content = randomBytes(512 * KIB);
    const server = await serve(content, (info) =>
      info.index === 0
        ? { type: 'content-range', value: `bytes 1-${content.length}/${content.length}` }
        : undefined,
    );
    const { options, events } = params(server, content, { connections: 1 });
    await transferFile(options);
    await expectFileEquals(options.tempPath, content);
    expect(events.find((event) => event.type === 'retry')).toMatchObject({
      error: { code: 'RANGE_MISMATCH' },
    });
  });

  it('refreshes an expired signed URL once and goes on', async () => {
    const content = randomBytes(2 * MIB);
    const server = await serve(content, (info) =>
      info.path.startsWith('/old') && info.index >= 2 ? { type: 'status', status: 403 } : undefined,
    );
    const reasons: string[] = [];
    const { options, events } = params(server, content, {
      resolveUrl: async (reason) => {
        reasons.push(reason);
        return { url: `${server.url}/${reason === 'initial' ? 'old' : 'new'}`, headers: {} };
      },
    });
    await transferFile(options);
    await expectFileEquals(options.tempPath, content);
    expect(reasons).toEqual(['initial', 'expired']);
    expect(events.filter((event) => event.type === 'url-refreshed')).toHaveLength(1);
  });

  it('fails with FORBIDDEN when a fresh URL is refused too', async () => {
    const content = randomBytes(256 * KIB);
    const server = await serve(content, () => ({ type: 'status', status: 403 }));
    const { options } = params(server, content);
    const error = await transferFile(options).catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'FORBIDDEN')).toBe(true);
    expect(server.requests.length).toBeLessThan(12);
  });

  it('steals work from a throttled connection so the file does not wait on it', async () => {
    const content = randomBytes(2 * MIB);
    // The first request (the head of the file) crawls at 64 KiB/s; the others are fast.
    const server = await serve(content, (info) =>
      info.index === 0 ? { type: 'throttle', bytesPerSecond: 64 * KIB } : undefined,
    );
    const { options } = params(server, content, {
      tuning: { minSegmentBytes: 64 * KIB, maxSegmentBytes: 512 * KIB, resumeMapIntervalMs: 50 },
    });
    await transferFile(options);
    await expectFileEquals(options.tempPath, content);
    // Other lanes asked for parts of the slow lane's first segment (without stealing it alone would need ~8 s).
    const stolen = server.requests.filter(
      (request) =>
        request.index > 0 && request.range && request.range.start > 0 && request.range.start < 512 * KIB,
    );
    expect(stolen.length).toBeGreaterThan(0);
  });

  it('replaces a connection far slower than its peers', async () => {
    const content = randomBytes(4 * MIB);
    const server = await serve(content, (info) =>
      info.index === 0
        ? { type: 'throttle', bytesPerSecond: 16 * KIB }
        : { type: 'throttle', bytesPerSecond: 512 * KIB },
    );
    const { options, events } = params(server, content, {
      connections: 3,
      // Fast peers need ~2.7 s for their segments: the slow one is judged well within that, even on a busy machine.
      stallTimeoutMs: 800,
      tuning: {
        minSegmentBytes: 1 * MIB,
        maxSegmentBytes: 2 * MIB,
        slowForMs: 400,
        slowMinRemainingBytes: 64 * KIB,
        // Peers of 512 KiB/s deliver 128 KiB in 0.25 s: the window stays slowForMs (the default 2 MiB takes 4 s).
        slowJudgedBytes: 128 * KIB,
        resumeMapIntervalMs: 50,
      },
    });
    await transferFile(options);
    await expectFileEquals(options.tempPath, content);
    expect(events).toContainEqual(expect.objectContaining({ type: 'stall', reason: 'slow-connection' }));
  });

  it('shares a connection budget between files', async () => {
    const contentA = randomBytes(1 * MIB);
    const contentB = randomBytes(1 * MIB);
    const serverA = await serve(contentA, () => ({ type: 'throttle', bytesPerSecond: 4 * MIB }));
    const serverB = await serve(contentB, () => ({ type: 'throttle', bytesPerSecond: 4 * MIB }));
    const { budget, peak, held } = countingBudget(3);
    const a = params(serverA, contentA, {
      connectionBudget: budget,
      tempPath: join(harness.dir, 'a'),
      resumeMapPath: join(harness.dir, 'a.map'),
    });
    const b = params(serverB, contentB, {
      connectionBudget: budget,
      tempPath: join(harness.dir, 'b'),
      resumeMapPath: join(harness.dir, 'b.map'),
    });
    await Promise.all([transferFile(a.options), transferFile(b.options)]);
    await expectFileEquals(a.options.tempPath, contentA);
    await expectFileEquals(b.options.tempPath, contentB);
    expect(peak()).toBe(3);
    expect(held()).toBe(0);
    expect(serverA.requests.length).toBeGreaterThan(0);
    expect(serverB.requests.length).toBeGreaterThan(0);
    expect(budget.available).toBe(3);
  });
});
