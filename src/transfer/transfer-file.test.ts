import { createHash, randomBytes } from 'node:crypto';
import { watch } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  exists,
  expectFileEquals,
  KIB,
  MIB,
  sha256,
  transferHarness,
} from '../../test/support/transfer/transfer-harness.js';
import { type HubgetError, isHubgetError } from '../errors.js';
import { RangeSet } from './range-set.js';
import { readResumeMap, readResumeMapFile } from './resume-map.js';
import { abandonOpenedTemp, openTransferTemp, transferFile } from './transfer-file.js';

const harness = transferHarness();
const serve: typeof harness.serve = (...args) => harness.serve(...args);
const params: typeof harness.params = (...args) => harness.params(...args);

/** Happy path, resume, integrity (network faults: transfer-file.faults.test.ts). */
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
      tempPath: join(harness.dir, 'sub', 'blob.incomplete'),
      resumeMapPath: join(harness.dir, 'sub', 'blob.incomplete.ranges.json'),
      tuning: { minSegmentBytes: 64 * KIB, resumeMapIntervalMs: 60_000 },
    });
    await mkdir(join(harness.dir, 'sub'));
    const created: string[] = [];
    const watcher = watch(join(harness.dir, 'sub'), (_event, name) => {
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

  it('takes a temp file opened before the transfer; one abandoned is deleted only when it was new', async () => {
    const content = randomBytes(400 * KIB);
    const server = await serve(content);
    const fresh = params(server, content, { tempPath: join(harness.dir, 'fresh.incomplete') }).options;
    await abandonOpenedTemp(await openTransferTemp({ ...fresh, freshTemp: true }));
    expect(await exists(fresh.tempPath)).toBe(false);
    // A transfer that refuses to start (aborted already) abandons the temp file it was given the same way.
    const aborted = new AbortController();
    aborted.abort();
    const opening = await openTransferTemp({ ...fresh, freshTemp: true });
    expect(await exists(fresh.tempPath)).toBe(true);
    await expect(transferFile({ ...fresh, signal: aborted.signal }, opening)).rejects.toMatchObject({
      code: 'ABORTED',
    });
    expect(await exists(fresh.tempPath)).toBe(false);

    // A resumable temp file: the first 100 KiB are on disk and in its map.
    const { options, bytes } = params(server, content, {
      tempPath: join(harness.dir, 'resumed.incomplete'),
      resumeMapPath: join(harness.dir, 'resumed.incomplete.ranges.json'),
    });
    const head = Buffer.alloc(content.length);
    content.copy(head, 0, 0, 100 * KIB);
    await writeFile(options.tempPath, head);
    await writeFile(
      options.resumeMapPath,
      JSON.stringify({
        version: 1,
        ...options.expected,
        hash: options.expected.hex,
        etag: null,
        ranges: [[0, 100 * KIB]],
      }),
    );
    const opened = await openTransferTemp(options);
    expect(opened.resumable).toBe(true);
    expect(opened.done.totalBytes).toBe(100 * KIB);
    await abandonOpenedTemp(opened);
    expect(await exists(options.tempPath)).toBe(true);
    expect(await exists(options.resumeMapPath)).toBe(true);

    const result = await transferFile(options, await openTransferTemp(options));
    expect(result.fetchedBytes).toBe(content.length - 100 * KIB);
    expect(bytes()).toBe(content.length - 100 * KIB);
    await expectFileEquals(options.tempPath, content);
  });

  it('creates a missing temp folder, and replaces a stale map for other content at once', async () => {
    const content = randomBytes(200 * KIB);
    // ≈ 0.8 s: long enough to be stopped midway on a loaded machine (at 1 MiB/s it once finished first).
    const server = await serve(content, () => ({ type: 'throttle', bytesPerSecond: 256 * KIB }));
    const tempPath = join(harness.dir, 'missing', 'blob.incomplete');
    const resumeMapPath = join(harness.dir, 'blob.incomplete.ranges.json');
    const stale = { ...params(server, content).options.expected, hex: 'cd'.repeat(32) };
    await writeFile(
      resumeMapPath,
      JSON.stringify({ version: 1, ...stale, hash: stale.hex, etag: null, ranges: [[0, 1000]] }),
    );
    const controller = new AbortController();
    const { options, bytes } = params(server, content, {
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
    // Stopped once bytes are on disk (stopped before the first, nothing would be kept).
    while (bytes() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
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
    const server = await harness.start({ content, etag: (info) => (info.index < 1 ? '"v1"' : '"v2"') });
    const restarts: string[] = [];
    const { options } = params(server, content, {
      connections: 2,
      onTempRestart: (tempPath) => restarts.push(tempPath),
    });
    await transferFile(options);
    await expectFileEquals(options.tempPath, content);
    expect(server.requests.length).toBeGreaterThan(2);
    // Readers of the temp file (the mirror) are told before it is emptied and written again.
    expect(restarts).toEqual([options.tempPath]);
  });

  it('fails with CONTENT_CHANGED when the ETag keeps changing', async () => {
    const content = randomBytes(1 * MIB);
    const server = await harness.start({ content, etag: (info) => `"v${info.index}"` });
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

  it('an abort of a file on 16 connections ends every request, without a listener-leak warning', async () => {
    const content = randomBytes(4 * MIB);
    const server = await serve(content, () => ({ type: 'throttle', bytesPerSecond: 256 * KIB }));
    const controller = new AbortController();
    const { options } = params(server, content, {
      connections: 16,
      signal: controller.signal,
      tuning: { initialConnections: 16, minSegmentBytes: 64 * KIB, maxSegmentBytes: 256 * KIB },
    });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const running = transferFile(options);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(server.maxConcurrent).toBe(16);
      controller.abort();
      await expect(running).rejects.toMatchObject({ code: 'ABORTED' });
      // Every request the server saw has ended (none is left streaming into a closed file).
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(server.concurrent).toBe(0);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
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
});
