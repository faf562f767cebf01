import { createHash, randomBytes } from 'node:crypto';
import { watch } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Fault, type RangeServer, startRangeServer } from '../../test/support/transfer/range-server.js';
import { type HubgetError, isHubgetError } from '../errors.js';
import type { TransferEvent } from '../progress/events.js';
import { createConnectionBudget } from './connection-budget.js';
import { RangeSet } from './range-set.js';
import { readResumeMap, readResumeMapFile } from './resume-map.js';
import { type TransferFileParams, transferFile } from './transfer-file.js';
import type { ConnectionBudget } from './types.js';

const KIB = 1024;
const MIB = 1024 * KIB;

let dir: string;
let agent: Agent;
const servers: RangeServer[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-transfer-'));
  agent = new Agent({ keepAliveTimeout: 1000 });
});

afterEach(async () => {
  await agent.close();
  for (const server of servers.splice(0)) await server.close();
  await rm(dir, { recursive: true, force: true });
});

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

async function serve(
  content: Buffer,
  fault?: (info: import('../../test/support/transfer/range-server.js').RangeRequestInfo) => Fault | undefined,
  etag?: string,
) {
  const server = await startRangeServer({ content, ...(fault ? { fault } : {}), ...(etag ? { etag } : {}) });
  servers.push(server);
  return server;
}

function params(server: RangeServer, content: Buffer, overrides: Partial<TransferFileParams> = {}) {
  const events: TransferEvent[] = [];
  let bytes = 0;
  const options: TransferFileParams = {
    path: 'model.bin',
    resolveUrl: async () => ({ url: `${server.url}/file`, headers: {} }),
    expected: { size: content.length, algorithm: 'sha256', hex: sha256(content) },
    tempPath: join(dir, 'blob.incomplete'),
    resumeMapPath: join(dir, 'blob.incomplete.ranges.json'),
    connections: 4,
    dispatcher: agent,
    stallTimeoutMs: 2000,
    tuning: { minSegmentBytes: 128 * KIB, maxSegmentBytes: 1 * MIB, resumeMapIntervalMs: 50 },
    retryPolicy: { delayScale: 0.01 },
    onEvent: (event) => events.push(event),
    onBytes: (count) => {
      bytes += count;
    },
    ...overrides,
  };
  return { options, events, bytes: () => bytes };
}

async function expectFileEquals(path: string, content: Buffer) {
  const written = await readFile(path);
  expect(written.length).toBe(content.length);
  expect(written.equals(content)).toBe(true);
}

async function exists(path: string) {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('transferFile', () => {
  it('downloads a file over several range connections', async () => {
    const content = randomBytes(3 * MIB + 123);
    const server = await serve(content, () => ({ type: 'throttle', bytesPerSecond: 4 * MIB }));
    const { options, events, bytes } = params(server, content);
    const result = await transferFile(options);
    await expectFileEquals(options.tempPath, content);
    expect(result.fetchedBytes).toBe(content.length);
    expect(bytes()).toBe(content.length);
    expect(server.requests.length).toBeGreaterThanOrEqual(4);
    expect(server.requests.every((request) => request.headers['accept-encoding'] === 'identity')).toBe(true);
    expect(server.maxConcurrent).toBeGreaterThan(1);
    expect(events).toContainEqual({ type: 'file-verified', path: 'model.bin', algorithm: 'sha256' });
    expect(await exists(options.resumeMapPath)).toBe(false);
  });

  it('never writes a resume map for a file that finishes within the first map interval', async () => {
    const content = randomBytes(300 * KIB);
    const server = await serve(content);
    const { options } = params(server, content, {
      tempPath: join(dir, 'sub', 'blob.incomplete'),
      resumeMapPath: join(dir, 'sub', 'blob.incomplete.ranges.json'),
      tuning: { minSegmentBytes: 64 * KIB, resumeMapIntervalMs: 60_000 },
    });
    await mkdir(join(dir, 'sub'));
    const created: string[] = [];
    const watcher = watch(join(dir, 'sub'), (_event, name) => {
      if (name) created.push(name);
    });
    try {
      await transferFile(options);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      watcher.close();
    }
    await expectFileEquals(options.tempPath, content);
    expect(created.length).toBeGreaterThan(0);
    expect(created.filter((name) => name.includes('ranges'))).toEqual([]);
  });

  it('creates a missing temp folder, and replaces a stale map for other content at once', async () => {
    const content = randomBytes(200 * KIB);
    const server = await serve(content, () => ({ type: 'throttle', bytesPerSecond: 1 * MIB }));
    const tempPath = join(dir, 'missing', 'blob.incomplete');
    const resumeMapPath = join(dir, 'blob.incomplete.ranges.json');
    const stale = { ...params(server, content).options.expected, hex: 'cd'.repeat(32) };
    await writeFile(
      resumeMapPath,
      JSON.stringify({ version: 1, ...stale, hash: stale.hex, etag: null, ranges: [[0, 1000]] }),
    );
    const controller = new AbortController();
    const { options } = params(server, content, {
      tempPath,
      resumeMapPath,
      signal: controller.signal,
      tuning: { resumeMapIntervalMs: 60_000 },
    });
    const running = transferFile(options);
    // Replaced before the first request (not only at the end): a kill -9 must not leave it beside the new
    // temp file.
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await readResumeMapFile(resumeMapPath))?.hash).toBe(options.expected.hex);
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'ABORTED' });
    // The map now describes this content and the temp file has its full size: a later run resumes it.
    const map = await readResumeMap(resumeMapPath);
    expect(map?.size).toBe(content.length);
    expect((await stat(tempPath)).size).toBe(content.length);
    const again = params(server, content, { tempPath, resumeMapPath });
    const result = await transferFile(again.options);
    expect(result.fetchedBytes).toBe(content.length - map!.doneBytes);
    await expectFileEquals(tempPath, content);
    expect(await exists(resumeMapPath)).toBe(false);
  });

  it('verifies a git blob sha1 for regular files', async () => {
    const content = Buffer.from('{"architectures": ["Bert"]}\n');
    const server = await serve(content);
    const hex = createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
    const { options } = params(server, content, {
      expected: { size: content.length, algorithm: 'git-sha1', hex },
    });
    await transferFile(options);
    await expectFileEquals(options.tempPath, content);
  });

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
      error: { code: 'HUB_HTTP_ERROR' },
    });
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
    // The temp file and its map stay for a later resume.
    expect(await exists(options.tempPath)).toBe(true);
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

  it('deletes temp file and map on corrupt bytes (INTEGRITY_MISMATCH)', async () => {
    const content = randomBytes(512 * KIB);
    const server = await serve(content, (info) => (info.index === 1 ? { type: 'corrupt' } : undefined));
    const { options } = params(server, content);
    const error = await transferFile(options).catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'INTEGRITY_MISMATCH')).toBe(true);
    expect(await exists(options.tempPath)).toBe(false);
    expect(await exists(options.resumeMapPath)).toBe(false);
  });

  it('reports SIZE_MISMATCH when the remote file is smaller than expected', async () => {
    const content = randomBytes(300 * KIB);
    const server = await serve(content);
    const expected = { size: 2 * MIB, algorithm: 'sha256' as const, hex: sha256(randomBytes(8)) };
    const { options } = params(server, content, { expected, connections: 1 });
    const error = await transferFile(options).catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'SIZE_MISMATCH')).toBe(true);
    expect((error as HubgetError).message).toContain(String(content.length));
  });

  it('starts over once when the strong ETag changes between responses', async () => {
    const content = randomBytes(1 * MIB);
    const server = await startRangeServer({ content, etag: (info) => (info.index < 1 ? '"v1"' : '"v2"') });
    servers.push(server);
    const { options } = params(server, content, { connections: 2 });
    await transferFile(options);
    await expectFileEquals(options.tempPath, content);
    expect(server.requests.length).toBeGreaterThan(2);
  });

  it('fails with CONTENT_CHANGED when the ETag keeps changing', async () => {
    const content = randomBytes(1 * MIB);
    const server = await startRangeServer({ content, etag: (info) => `"v${info.index}"` });
    servers.push(server);
    const { options } = params(server, content, { connections: 2 });
    const error = await transferFile(options).catch((caught: unknown) => caught);
    expect(isHubgetError(error, 'CONTENT_CHANGED')).toBe(true);
  });

  it('aborts promptly, keeps temp file and map, and a second run fetches only missing ranges', async () => {
    const content = randomBytes(2 * MIB);
    const server = await serve(content, () => ({ type: 'throttle', bytesPerSecond: 512 * KIB }));
    const controller = new AbortController();
    const first = params(server, content, { signal: controller.signal });
    const running = transferFile(first.options);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const abortedAt = Date.now();
    controller.abort();
    const error = await running.catch((caught: unknown) => caught);
    expect(Date.now() - abortedAt).toBeLessThan(500);
    expect(isHubgetError(error, 'ABORTED')).toBe(true);
    expect(await exists(first.options.tempPath)).toBe(true);
    const map = await readResumeMap(first.options.resumeMapPath);
    expect(map).not.toBeNull();
    expect(map!.doneBytes).toBe(first.bytes());
    expect(map!.doneBytes).toBeGreaterThan(0);
    expect(map!.doneBytes).toBeLessThan(content.length);

    const plain = await serve(content);
    const second = params(plain, content);
    const result = await transferFile(second.options);
    await expectFileEquals(second.options.tempPath, content);
    expect(result.fetchedBytes).toBe(content.length - map!.doneBytes);
    // Every request of the second run asked only for bytes the first run had not written.
    const missing = new RangeSet(map!.ranges).missing(content.length);
    for (const request of plain.requests) {
      const inside = missing.some(([a, b]) => request.range!.start >= a && request.range!.end < b);
      expect(inside, JSON.stringify(request.range)).toBe(true);
    }
  });

  it('starts over when the resume map belongs to other content', async () => {
    const content = randomBytes(256 * KIB);
    const server = await serve(content);
    const { options } = params(server, content);
    await writeFile(options.tempPath, Buffer.alloc(content.length));
    await writeFile(
      options.resumeMapPath,
      JSON.stringify({
        version: 1,
        size: content.length,
        algorithm: 'sha256',
        hash: 'ab'.repeat(32),
        etag: null,
        ranges: [[0, content.length]],
      }),
    );
    const result = await transferFile(options);
    expect(result.fetchedBytes).toBe(content.length);
    await expectFileEquals(options.tempPath, content);
  });

  it('makes no request for an empty file', async () => {
    const content = Buffer.alloc(0);
    const server = await serve(content);
    const { options, events } = params(server, content);
    const result = await transferFile(options);
    expect(result.fetchedBytes).toBe(0);
    expect(server.requests).toHaveLength(0);
    expect((await stat(options.tempPath)).size).toBe(0);
    expect(events).toContainEqual({ type: 'file-verified', path: 'model.bin', algorithm: 'sha256' });
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
    const shared = createConnectionBudget(3);
    let held = 0;
    let maxHeld = 0;
    const budget: ConnectionBudget = {
      get available() {
        return shared.available;
      },
      setLimit: (limit) => shared.setLimit(limit),
      acquire: async (signal) => {
        const release = await shared.acquire(signal);
        held++;
        maxHeld = Math.max(maxHeld, held);
        let released = false;
        return () => {
          if (!released) held--;
          released = true;
          release();
        };
      },
    };
    const a = params(serverA, contentA, {
      connectionBudget: budget,
      tempPath: join(dir, 'a'),
      resumeMapPath: join(dir, 'a.map'),
    });
    const b = params(serverB, contentB, {
      connectionBudget: budget,
      tempPath: join(dir, 'b'),
      resumeMapPath: join(dir, 'b.map'),
    });
    await Promise.all([transferFile(a.options), transferFile(b.options)]);
    await expectFileEquals(a.options.tempPath, contentA);
    await expectFileEquals(b.options.tempPath, contentB);
    expect(maxHeld).toBe(3);
    expect(held).toBe(0);
    expect(serverA.requests.length).toBeGreaterThan(0);
    expect(serverB.requests.length).toBeGreaterThan(0);
    expect(shared.available).toBe(3);
  });
});
