/**
 * Serving a blob while the engine writes it: a range is answered as soon as the resume map lists its
 * bytes, a range beyond waits for them, the last chunk of one that reaches the file's end waits for the
 * blob to be verified and in place, a failed fetch (or one that verified another attempt's file than the
 * one read) ends such a stream with an error instead, and a reader that does not consume holds one chunk or so (backpressure), never
 * the file.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeResumeMapFile } from '../transfer/resume-map.js';
import { finishedBlobStream, growingBlobStream } from './blob-stream.js';
import { InFlightBlob } from './in-flight-blob.js';

const SIZE = 4 * 1024 * 1024;
const MiB = 1024 * 1024;
let dir: string;
let content: Buffer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hubget-blob-stream-'));
  content = randomBytes(SIZE);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Reads `stream` as it comes: the bytes so far, and how it ended (its bytes, or its error). */
function follow(stream: Readable) {
  const chunks: Buffer[] = [];
  let settled = false;
  const ended = new Promise<Buffer>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  }).finally(() => {
    settled = true;
  });
  ended.catch(() => undefined);
  return { received: () => Buffer.concat(chunks), settled: () => settled, ended };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How long a wait for streamed bytes may take before it fails: vi.waitFor's 1 s default failed once with several
 * test files running at once (4 MiB read through a stream on a busy 2-core machine); a bound, not a speed.
 */
const STREAMED = { timeout: 10_000 };

/** The chunk a response to the file's end holds back until the pull is verified. */
const HELD = 256 * 1024;

/**
 * A pull of this process that wrote all of `bytes` into temp file `attempt` of the blob named `name` (announced
 * to the blob, not polled), and a client reading the whole file that got all but its held last chunk.
 */
async function heldWholeRead(name: string, attempt: string, done: Promise<void>, bytes = content) {
  const blobPath = join(dir, name.repeat(64));
  const tempPath = `${blobPath}.${attempt}.incomplete`;
  await writeFile(tempPath, bytes);
  const blob = new InFlightBlob({ blobPath, size: SIZE, done, pollMs: 3_600_000 });
  blob.written(tempPath, 0, SIZE);
  const stream = growingBlobStream(blob, 0, SIZE - 1);
  const reading = follow(stream);
  await vi.waitFor(() => expect(reading.received().length).toBe(SIZE - HELD), STREAMED);
  return { blob, blobPath, tempPath, stream, reading };
}

describe('growingBlobStream', () => {
  it('answers the ranges on disk at once and the rest as it lands; one to the end waits for the check', async () => {
    const blobPath = join(dir, 'a'.repeat(64));
    const tempPath = `${blobPath}.0123abcd.incomplete`;
    // The temp file has its full (sparse) size; only the first MiB is "written" per the map.
    await writeFile(tempPath, Buffer.concat([content.subarray(0, MiB), Buffer.alloc(SIZE - MiB)]));
    const map = { size: SIZE, algorithm: 'sha256' as const, hash: 'a'.repeat(64), etag: null };
    await writeResumeMapFile(`${tempPath}.hubget-ranges`, { ...map, ranges: [[0, MiB]] });
    const done = deferred();
    const blob = new InFlightBlob({ blobPath, size: SIZE, done: done.promise, pollMs: 10 });

    // A range on disk that ends before the file does: every byte at once, no wait for the hash check.
    expect((await collect(growingBlobStream(blob, 100, MiB - 1))).equals(content.subarray(100, MiB))).toBe(
      true,
    );
    const late = follow(growingBlobStream(blob, 2 * MiB, 3 * MiB - 1));
    const toEnd = follow(growingBlobStream(blob, 3 * MiB, SIZE - 1));
    await pause(100);
    expect(late.received().length).toBe(0);
    // The engine writes the rest: the late range ends with it, the one to the file's end lacks its last chunk.
    await writeFile(tempPath, content);
    await writeResumeMapFile(`${tempPath}.hubget-ranges`, { ...map, ranges: [[0, SIZE]] });
    expect((await late.ended).equals(content.subarray(2 * MiB, 3 * MiB))).toBe(true);
    await vi.waitFor(() => expect(toEnd.received().length).toBe(MiB - HELD), STREAMED);
    await pause(100);
    expect(toEnd.settled()).toBe(false);
    // Then moves the verified file into place: the last chunk follows.
    await rename(tempPath, blobPath);
    done.resolve();
    expect((await toEnd.ended).equals(content.subarray(3 * MiB))).toBe(true);
    expect((await collect(growingBlobStream(blob, 0, SIZE - 1))).equals(content)).toBe(true);
  });

  it('told to stop waiting (the upstream gone), sends the bytes on disk and is cut where they end', async () => {
    const blobPath = join(dir, 'g'.repeat(64));
    const tempPath = `${blobPath}.0123abcd.incomplete`;
    await writeFile(tempPath, Buffer.concat([content.subarray(0, MiB), Buffer.alloc(SIZE - MiB)]));
    const blob = new InFlightBlob({ blobPath, size: SIZE, done: deferred().promise, pollMs: 3_600_000 });
    blob.written(tempPath, 0, MiB);
    expect([blob.hasBytesAt(MiB - 1), blob.hasBytesAt(MiB)]).toEqual([true, false]);
    const gone = new AbortController();
    const waiting = follow(growingBlobStream(blob, 0, 2 * MiB - 1, gone.signal));
    await vi.waitFor(() => expect(waiting.received().length).toBe(MiB), STREAMED);
    gone.abort(new Error('upstream gone'));
    await expect(waiting.ended).rejects.toThrow('upstream gone');
    // Asked after: a range within the bytes on disk is whole; one to the file's end never gets its last chunk.
    const within = growingBlobStream(blob, 100, MiB - 1, gone.signal);
    expect((await collect(within)).equals(content.subarray(100, MiB))).toBe(true);
    blob.written(tempPath, MiB, SIZE);
    await writeFile(tempPath, content);
    const toEnd = follow(growingBlobStream(blob, 0, SIZE - 1, gone.signal));
    await expect(toEnd.ended).rejects.toThrow('upstream gone');
    expect(toEnd.received().length).toBe(SIZE - HELD);
  });

  it('cuts a response to the end of the file when the pull fails its hash check, never sending its last chunk', async () => {
    const done = deferred();
    const { blob, reading: whole } = await heldWholeRead('d', '0123abcd', done.promise);
    const tail = follow(growingBlobStream(blob, 3 * MiB, SIZE - 1));
    await vi.waitFor(() => expect(tail.received().length).toBe(MiB - HELD), STREAMED);
    // A range in the middle is not held (the check needs the whole file): it ends with what was written.
    expect(
      (await collect(growingBlobStream(blob, MiB, 2 * MiB - 1))).equals(content.subarray(MiB, 2 * MiB)),
    ).toBe(true);
    done.reject(new Error('INTEGRITY_MISMATCH'));
    await expect(whole.ended).rejects.toThrow('INTEGRITY_MISMATCH');
    await expect(tail.ended).rejects.toThrow('INTEGRITY_MISMATCH');
    expect(whole.received().length).toBe(SIZE - HELD);
  });

  it('cuts a response whose bytes came from an attempt the pull discarded before verifying another', async () => {
    const corrupt = Buffer.from(content);
    corrupt[SIZE / 2] = (corrupt[SIZE / 2] ?? 0) ^ 0xff;
    const done = deferred();
    const discarded = await heldWholeRead('e', '00000001', done.promise, corrupt);
    const { blobPath, tempPath: first, reading: whole } = discarded;
    const second = `${blobPath}.00000002.incomplete`;
    // The first attempt fails its check and is deleted; the second one is verified and moved into place.
    await rm(first);
    await writeFile(second, content);
    await rename(second, blobPath);
    done.resolve();
    await expect(whole.ended).rejects.toThrow('started the file over');

    // A reader still on the first attempt's file when the second one writes is cut at once.
    const againPath = join(dir, 'f'.repeat(64));
    const [third, fourth] = [`${againPath}.00000003.incomplete`, `${againPath}.00000004.incomplete`];
    const retry = deferred();
    const again = new InFlightBlob({ blobPath: againPath, size: SIZE, done: retry.promise });
    await writeFile(third, corrupt);
    again.written(third, 0, MiB);
    const partial = follow(growingBlobStream(again, 0, SIZE - 1));
    await vi.waitFor(() => expect(partial.received().length).toBeGreaterThan(0), STREAMED);
    await writeFile(fourth, content);
    again.written(fourth, 0, SIZE);
    await expect(partial.ended).rejects.toThrow('started the file over');
    retry.resolve();

    // A reader already waiting with its last chunk is cut as soon as another attempt writes, not once the
    // fetch is over (which here never comes: the second attempt is still running).
    const never = deferred();
    const {
      blob: held,
      blobPath: heldPath,
      reading: waiting,
    } = await heldWholeRead('9', '00000005', never.promise, corrupt);
    const sixth = `${heldPath}.00000006.incomplete`;
    await writeFile(sixth, content.subarray(0, MiB));
    held.written(sixth, 0, MiB);
    await expect(waiting.ended).rejects.toThrow('started the file over');
    never.resolve();
  });

  it.runIf(process.platform === 'linux')(
    'closes the file of a client that goes away while its last chunk waits',
    async () => {
      const never = deferred();
      const { blob, tempPath, stream } = await heldWholeRead('8', '00000008', never.promise);
      expect(openDescriptorsOf(tempPath)).toBe(1);
      const closed = new Promise((resolve) => stream.once('close', resolve));
      stream.destroy();
      await closed;
      await vi.waitFor(() => expect(openDescriptorsOf(tempPath)).toBe(0));
      // The fetch ending later finds nothing left to wake: no error, no read of a closed file.
      never.resolve();
      await blob.done;
    },
  );

  it("serves the last chunk of another process's fetch verified in place, though a poll found a leftover temp file", async () => {
    // Another process fetches the blob into temp file A (its writes are not announced here: polled). Once A
    // is verified that process removes A's resume map, then renames A into place; a poll in between finds an
    // older leftover B with a map of the same size. The reader of A must still get its last chunk.
    const blobPath = join(dir, '7'.repeat(64));
    const [tempA, tempB] = [`${blobPath}.0000000a.incomplete`, `${blobPath}.0000000b.incomplete`];
    const map = { size: SIZE, algorithm: 'sha256' as const, hash: '7'.repeat(64), etag: null };
    await writeFile(tempA, content);
    await writeResumeMapFile(`${tempA}.hubget-ranges`, { ...map, ranges: [[0, SIZE]] });
    const never = deferred();
    const blob = new InFlightBlob({ blobPath, size: SIZE, done: never.promise, pollMs: 10 });
    const reading = follow(growingBlobStream(blob, 0, SIZE - 1));
    await vi.waitFor(() => expect(reading.received().length).toBe(SIZE - HELD), STREAMED);
    await writeFile(tempB, Buffer.alloc(SIZE));
    await writeResumeMapFile(`${tempB}.hubget-ranges`, { ...map, ranges: [[0, MiB]] });
    await rm(`${tempA}.hubget-ranges`);
    await pause(100);
    await rename(tempA, blobPath);
    expect((await reading.ended).equals(content)).toBe(true);
    never.resolve();
  });

  it('cuts the readers of a temp file the fetch empties to write again (the remote content changed)', async () => {
    const never = deferred();
    const { blob, tempPath, reading: whole } = await heldWholeRead('6', '00000006', never.promise);
    const restartPath = join(dir, '5'.repeat(64));
    const restartTemp = `${restartPath}.00000005.incomplete`;
    await writeFile(restartTemp, content);
    const again = new InFlightBlob({
      blobPath: restartPath,
      size: SIZE,
      done: never.promise,
      pollMs: 3_600_000,
    });
    again.written(restartTemp, 0, MiB);
    const partial = follow(growingBlobStream(again, 0, SIZE - 1));
    await vi.waitFor(() => expect(partial.received().length).toBe(MiB), STREAMED);
    // The engine empties both temp files to start over (same names): what was announced is gone.
    blob.restarted(tempPath);
    again.restarted(restartTemp);
    await expect(whole.ended).rejects.toThrow('started the file over');
    await expect(partial.ended).rejects.toThrow('started the file over');
    // A reader from now on waits for the new attempt's bytes.
    const fresh = follow(growingBlobStream(again, 0, 1023));
    await pause(50);
    expect(fresh.received().length).toBe(0);
    // Nor does a poll bring the old attempt's ranges back from the resume map the engine has not rewritten yet.
    await writeResumeMapFile(`${restartTemp}.hubget-ranges`, {
      size: SIZE,
      algorithm: 'sha256',
      hash: '5'.repeat(64),
      etag: null,
      ranges: [[0, SIZE]],
    });
    const polled = new InFlightBlob({ blobPath: restartPath, size: SIZE, done: never.promise, pollMs: 10 });
    polled.written(restartTemp, 0, MiB);
    polled.restarted(restartTemp);
    const afterPoll = follow(growingBlobStream(polled, 0, 1023));
    await pause(100);
    expect(afterPoll.received().length).toBe(0);
    polled.written(restartTemp, 0, 1024);
    expect((await afterPoll.ended).equals(content.subarray(0, 1024))).toBe(true);
    again.written(restartTemp, 0, MiB);
    expect((await fresh.ended).equals(content.subarray(0, 1024))).toBe(true);
    never.resolve();
  });

  it('ends a waiting reader with the fetch error', async () => {
    const done = deferred();
    const blob = new InFlightBlob({ blobPath: join(dir, 'b'.repeat(64)), size: SIZE, done: done.promise });
    const reading = collect(growingBlobStream(blob, 0, 10));
    done.reject(new Error('upstream failed'));
    await expect(reading).rejects.toThrow('upstream failed');
  });

  it('holds about one chunk for a reader that does not consume', async () => {
    const blobPath = join(dir, 'c'.repeat(64));
    await writeFile(blobPath, content);
    const blob = new InFlightBlob({ blobPath, size: SIZE, done: Promise.resolve() });
    await blob.done;
    for (const stream of [growingBlobStream(blob, 0, SIZE - 1), finishedBlobStream(blobPath, 0, SIZE - 1)]) {
      stream.once('readable', () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(stream.readableLength).toBeLessThanOrEqual(512 * 1024);
      stream.destroy();
    }
  });
});

/** How many of this process's file descriptors are open on `path` (Linux: /proc/self/fd). */
function openDescriptorsOf(path: string): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === path) count++;
    } catch {
      // Closed while listing.
    }
  }
  return count;
}
