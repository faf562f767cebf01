/**
 * Positional writes of one lane's batch (lane-writer.ts), synchronous while the page cache absorbs them and
 * on libuv's thread pool once the disk pushes back.
 *
 * Why: a 256 KiB write into the page cache takes tens of microseconds, and handing it to the thread pool
 * (queue mutex, futex wake-up, completion callback, a promise) cost more CPU than the copy itself: 512 MiB
 * uncapped, a synchronous write cut hubget's CPU by about 13 % (docs/benchmark.md). But a `write()` that
 * blocks under dirty-page throttling on a slow disk stalls the event loop, which in `hubget serve` carries
 * the API, the ≥ 1 Hz progress events and pause within 1 s. So every synchronous write is timed, and slow ones
 * switch the whole process to the thread pool for a while: the rules, shared with the metadata calls of a
 * file's commit, are in src/system/sync-fs-switch.ts.
 */
import { write, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { HubgetError } from '../errors.js';
import { noteSynchronousWrite, writesUseThreadPool } from '../system/sync-fs-switch.js';

const writeAsync = promisify(write);

/**
 * Writes all of `bytes` at `position` of `fd`, continuing after short writes. Returns undefined when the
 * bytes were written synchronously (a write error is then thrown), or a promise when they went to the
 * thread pool.
 */
export function writeBatch(fd: number, bytes: Buffer, position: number): Promise<void> | undefined {
  let offset = 0;
  while (offset < bytes.length) {
    if (writesUseThreadPool()) return writeOnThreadPool(fd, bytes, position, offset);
    const startedMs = performance.now();
    const written = writeSync(fd, bytes, offset, bytes.length - offset, position + offset);
    const endedMs = performance.now();
    noteSynchronousWrite(endedMs - startedMs, endedMs);
    offset += checkProgress(written);
  }
  return undefined;
}

/** The rest of `bytes` from `offset` on, written through libuv's thread pool. */
async function writeOnThreadPool(fd: number, bytes: Buffer, position: number, offset: number): Promise<void> {
  while (offset < bytes.length) {
    const { bytesWritten } = await writeAsync(fd, bytes, offset, bytes.length - offset, position + offset);
    offset += checkProgress(bytesWritten);
  }
}

function checkProgress(bytesWritten: number): number {
  if (bytesWritten <= 0) throw new HubgetError('IO_ERROR', 'Write made no progress');
  return bytesWritten;
}
