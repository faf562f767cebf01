/**
 * Bytes [start, end] of a blob as a stream with flat memory: a finished blob is streamed from disk
 * (fs.createReadStream), a blob still downloading is read chunk by chunk as its bytes land on disk
 * (InFlightBlob.next), with backpressure — a slow client holds one chunk, never the file. Destroying the
 * stream (the client went away) closes the file and nothing else: the upstream transfer goes on for the
 * other clients and the cache.
 *
 * Bytes of a blob still downloading have not passed its hash check: the last chunk of a response that
 * reaches the blob's last byte (a whole-file GET, a resume's open range) is read only once the pull has
 * verified the file and moved it into place, and only if the bytes sent came from that file (not from an
 * attempt the engine discarded and started over), or once the mirror hashed the whole temp file itself and found
 * the file (a paused pull's: InFlightBlob.checkWritten). Otherwise the stream fails, so the client's response is
 * cut short: a download that ends with the file's end never ends normally with bytes the mirror could not
 * vouch for. A range that ends before the blob does is not held: the check needs every byte of the file, so
 * holding it would stall a client that fetches ranges in parallel (hubget's segments) until the whole file
 * is pulled, for each of its connections (docs/mirror.md). Any response still reading from an attempt the
 * engine started over is cut, and so is one told to stop waiting (the upstream gone) where the bytes on disk end.
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { type InFlightBlob, startedOverError } from './in-flight-blob.js';

const CHUNK_BYTES = 256 * 1024;

/**
 * The file a growing blob's stream reads: `asked` the path InFlightBlob gave, `path` the one opened,
 * `attempt` the blob's attempt then (InFlightBlob.attempt).
 */
interface OpenedFile {
  handle: FileHandle;
  path: string;
  asked: string;
  attempt: number;
}

export function finishedBlobStream(path: string, start: number, end: number): Readable {
  return createReadStream(path, { start, end, highWaterMark: CHUNK_BYTES });
}

/**
 * Inclusive `end`, like HTTP ranges. Once `stopWaiting` is aborted (the upstream is gone), the stream still
 * sends the bytes already on disk, then fails with the signal's reason where it would wait for more (and where
 * a response to the file's end would wait for the check: it never ends normally with unverified bytes).
 */
export function growingBlobStream(
  blob: InFlightBlob,
  start: number,
  end: number,
  stopWaiting?: AbortSignal,
): Readable {
  let position = start;
  let opened: OpenedFile | undefined;
  /** The bytes read so far are known to be the verified blob's. */
  let vouched = false;
  const abort = new AbortController();
  const waits = stopWaiting ? AbortSignal.any([abort.signal, stopWaiting]) : abort.signal;
  return new Readable({
    highWaterMark: CHUNK_BYTES,
    async read() {
      try {
        if (position > end) {
          this.push(null);
          return;
        }
        const readAttempt = opened && opened.path !== blob.blobPath ? opened.attempt : undefined;
        const available = await blob.next(position, waits, readAttempt);
        // The temp file keeps its inode when the engine renames it into place: one handle serves to the end.
        opened ??= { ...(await openEither(available.path, blob.blobPath)), attempt: available.attempt };
        // Another attempt's temp file, or this one emptied to be written again: the bytes sent are not its.
        const fromTemp = opened.path !== blob.blobPath;
        if (
          (available.path !== opened.asked && available.path !== blob.blobPath) ||
          (fromTemp && blob.attempt !== opened.attempt)
        ) {
          throw startedOverError(blob.blobPath);
        }
        const length = Math.min(available.until, end + 1, position + CHUNK_BYTES) - position;
        if (position + length > end && end === blob.size - 1 && !vouched) {
          // Read from the temp file: it must be the one verified and renamed into place, or the response is
          // cut (at once when another attempt takes over). The blob itself holds only verified bytes, and so does a
          // whole temp file the mirror hashed itself (a paused pull's: InFlightBlob.checkWritten), whose hash,
          // still running, is awaited here, never before the status: the response is cut if it fails.
          const check = fromTemp ? blob.tempCheck(opened.asked, opened.attempt) : undefined;
          if (check !== undefined) {
            if (!(await check)) throw notTheFileError(blob.blobPath);
            if (!blob.checkedTemp(opened.asked, opened.attempt)) throw startedOverError(blob.blobPath);
          } else if (fromTemp && !blob.checkedTemp(opened.asked, opened.attempt)) {
            const placed = await blob.settled(opened.asked, opened.attempt, waits);
            if (!placed || !(await isSameFile(opened.handle, blob.blobPath))) {
              throw startedOverError(blob.blobPath);
            }
          }
          vouched = true;
        }
        const buffer = Buffer.allocUnsafe(length);
        const { bytesRead } = await opened.handle.read(buffer, 0, length, position);
        if (bytesRead === 0) throw new Error(`Unexpected end of ${opened.path} at byte ${position}`);
        // The engine announces a restart before it empties the file: bytes read since may be its zeros.
        if (fromTemp && blob.attempt !== opened.attempt) throw startedOverError(blob.blobPath);
        position += bytesRead;
        this.push(bytesRead === length ? buffer : buffer.subarray(0, bytesRead));
      } catch (error) {
        this.destroy(error as Error);
      }
    },
    destroy(error, callback) {
      abort.abort();
      const closing = opened?.handle.close() ?? Promise.resolve();
      closing.then(
        () => callback(error),
        () => callback(error),
      );
    },
  });
}

/** Cuts a response to the file's end whose temp file the mirror hashed and found not to be the file. */
function notTheFileError(blobPath: string): Error {
  return new Error(
    `The bytes on disk for ${blobPath} are not the file listed (hash check failed): not sent whole`,
  );
}

/** The temp file, or the blob when the engine just renamed it into place (same bytes, same inode). */
async function openEither(path: string, blobPath: string): Promise<Omit<OpenedFile, 'attempt'>> {
  try {
    return { handle: await open(path, 'r'), path, asked: path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path === blobPath) throw error;
    return { handle: await open(blobPath, 'r'), path: blobPath, asked: path };
  }
}

/**
 * Whether the open temp file is now the blob in place: the engine renamed it there once verified (same
 * inode). A temp file of a discarded attempt is not.
 */
async function isSameFile(handle: FileHandle, blobPath: string): Promise<boolean> {
  const [mine, placed] = await Promise.all([
    handle.stat({ bigint: true }),
    stat(blobPath, { bigint: true }).catch(() => undefined),
  ]);
  return placed !== undefined && mine.ino === placed.ino && mine.dev === placed.dev;
}
