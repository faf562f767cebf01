/**
 * Bytes [start, end] of a blob as a stream with flat memory: a finished blob is streamed from disk
 * (fs.createReadStream), a blob still downloading is read chunk by chunk as its bytes land on disk
 * (InFlightBlob.next), with backpressure — a slow client holds one chunk, never the file. Destroying the
 * stream (the client went away) closes the file and nothing else: the upstream transfer goes on for the
 * other clients and the cache.
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { InFlightBlob } from './in-flight-blob.js';

const CHUNK_BYTES = 256 * 1024;

export function finishedBlobStream(path: string, start: number, end: number): Readable {
  return createReadStream(path, { start, end, highWaterMark: CHUNK_BYTES });
}

/** Inclusive `end`, like HTTP ranges. */
export function growingBlobStream(blob: InFlightBlob, start: number, end: number): Readable {
  let position = start;
  let handle: FileHandle | undefined;
  const abort = new AbortController();
  return new Readable({
    highWaterMark: CHUNK_BYTES,
    async read() {
      try {
        if (position > end) {
          this.push(null);
          return;
        }
        const available = await blob.next(position, abort.signal);
        // The temp file keeps its inode when the engine renames it into place: one handle serves to the end.
        handle ??= await openEither(available.path, blob.blobPath);
        const length = Math.min(available.until, end + 1, position + CHUNK_BYTES) - position;
        const buffer = Buffer.allocUnsafe(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position);
        if (bytesRead === 0) throw new Error(`Unexpected end of ${available.path} at byte ${position}`);
        position += bytesRead;
        this.push(bytesRead === length ? buffer : buffer.subarray(0, bytesRead));
      } catch (error) {
        this.destroy(error as Error);
      }
    },
    destroy(error, callback) {
      abort.abort();
      const closing = handle?.close() ?? Promise.resolve();
      closing.then(
        () => callback(error),
        () => callback(error),
      );
    },
  });
}

/** The temp file, or the blob when the engine just renamed it into place (same bytes, same inode). */
async function openEither(path: string, blobPath: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path === blobPath) throw error;
    return open(blobPath, 'r');
  }
}
