/**
 * Positional writes of one lane's batch (lane-writer.ts), synchronous while the page cache absorbs them and
 * on libuv's thread pool once the disk pushes back.
 *
 * Why: a 256 KiB write into the page cache takes tens of microseconds, and handing it to the thread pool
 * (queue mutex, futex wake-up, completion callback, a promise) cost more CPU than the copy itself: 512 MiB
 * uncapped, a synchronous write cut hubget's CPU by about 13 % (docs/benchmark.md). But a `write()` that
 * blocks under dirty-page throttling on a slow disk stalls the event loop, which in `hubget serve` carries
 * the API, the ≥ 1 Hz progress events and pause within 1 s. So every synchronous write is timed: a write of
 * `SLOW_SYNC_WRITE_MS` or more is a sign that the disk, not the page cache, is taking the bytes; one of
 * `BLOCKING_WRITE_MS` or `SLOW_WRITES_TO_SWITCH` slow ones within `SLOW_WINDOW_MS` switch the whole process to
 * thread-pool writes for `THREAD_POOL_HOLD_MS`, after which synchronous writes are tried again.
 *
 * Not a budget of time spent writing: at 400 MB/s copying into the page cache is ~200 ms of every second,
 * real work the thread pool would do too (a first version switched on 100 ms per second and spent whole
 * fast runs on the thread pool). And not one write of ~10 ms either: that happens now and then on a busy
 * 2-core machine when the thread is descheduled mid-call. A disk that pushes back makes every write slow.
 */
import { write, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { HubgetError } from '../errors.js';

/** A synchronous write this slow means the disk (not the page cache) is taking the bytes. */
export const SLOW_SYNC_WRITE_MS = 20;
/** One write this slow switches at once. */
export const BLOCKING_WRITE_MS = 50;
/** Slow writes within SLOW_WINDOW_MS that switch. */
export const SLOW_WRITES_TO_SWITCH = 3;
export const SLOW_WINDOW_MS = 1000;
/** After a slow synchronous write, writes go through the thread pool for this long. */
export const THREAD_POOL_HOLD_MS = 5000;

const writeAsync = promisify(write);

let threadPoolUntilMs = 0;
let synchronousAllowed = true;
/** End times of the recent slow writes (at most SLOW_WRITES_TO_SWITCH). */
let slowWriteEnds: number[] = [];

/** Turns synchronous writes off (true) or back on; for tests and for measuring the thread-pool path. */
export function setSynchronousWrites(allowed: boolean): void {
  synchronousAllowed = allowed;
  threadPoolUntilMs = 0;
  slowWriteEnds = [];
}

/** True while writes go through the thread pool (a recent slow write, or synchronous writes off). */
export function writesUseThreadPool(now = performance.now()): boolean {
  return !synchronousAllowed || now < threadPoolUntilMs;
}

/** Records how long one synchronous write took; a slow one moves writes to the thread pool for a while. */
export function noteSynchronousWrite(durationMs: number, endedMs: number): void {
  if (durationMs < SLOW_SYNC_WRITE_MS) return;
  slowWriteEnds = [...slowWriteEnds.filter((end) => endedMs - end < SLOW_WINDOW_MS), endedMs];
  if (durationMs >= BLOCKING_WRITE_MS || slowWriteEnds.length >= SLOW_WRITES_TO_SWITCH) {
    threadPoolUntilMs = endedMs + THREAD_POOL_HOLD_MS;
    slowWriteEnds = [];
  }
}

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
