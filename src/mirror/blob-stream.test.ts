/**
 * Serving a blob while the engine writes it: a range is answered as soon as the resume map lists its
 * bytes, a range beyond waits for them, a failed fetch ends the stream with the error, and a reader that
 * does not consume holds one chunk or so (backpressure), never the file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

describe('growingBlobStream', () => {
  it('answers the ranges on disk at once and the rest as it lands', async () => {
    const blobPath = join(dir, 'a'.repeat(64));
    const tempPath = `${blobPath}.0123abcd.incomplete`;
    // The temp file has its full (sparse) size; only the first MiB is "written" per the map.
    await writeFile(tempPath, Buffer.concat([content.subarray(0, MiB), Buffer.alloc(SIZE - MiB)]));
    const map = { size: SIZE, algorithm: 'sha256' as const, hash: 'a'.repeat(64), etag: null };
    await writeResumeMapFile(`${tempPath}.hubget-ranges`, { ...map, ranges: [[0, MiB]] });
    const done = deferred();
    const blob = new InFlightBlob({ blobPath, size: SIZE, done: done.promise, pollMs: 10 });

    expect((await collect(growingBlobStream(blob, 100, MiB - 1))).equals(content.subarray(100, MiB))).toBe(
      true,
    );

    let lateDone = false;
    const late = collect(growingBlobStream(blob, 2 * MiB, 3 * MiB - 1)).then((bytes) => {
      lateDone = true;
      return bytes;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lateDone).toBe(false);
    // The engine writes the rest, then moves the verified file into place.
    await writeFile(tempPath, content);
    await writeResumeMapFile(`${tempPath}.hubget-ranges`, { ...map, ranges: [[0, SIZE]] });
    expect((await late).equals(content.subarray(2 * MiB, 3 * MiB))).toBe(true);
    await rename(tempPath, blobPath);
    done.resolve();
    expect((await collect(growingBlobStream(blob, 0, SIZE - 1))).equals(content)).toBe(true);
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
