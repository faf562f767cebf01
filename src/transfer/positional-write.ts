/**
 * Positional writes of one lane's batch (lane-writer.ts), synchronous while the page cache absorbs them and
 * on libuv's thread pool once the disk pushes back.
 *
 * Why: a 256 KiB write into the page cache takes tens of microseconds, and handing it to the thread pool
 * (queue mutex, futex wake-up, completion callback, a promise) cost more CPU than the copy itself: 512 MiB
 * uncapped, a synchronous `writev` cut hubget's CPU by about 13 % (docs/benchmark.md). But a `write()` that
 * blocks under dirty-page throttling on a slow disk stalls the event loop, which in `hubget serve` carries
 * the API, the ≥ 1 Hz progress events and pause within 1 s. So synchronous writes are timed: when one takes
 * `SLOW_SYNC_WRITE_MS` or more, or together they held the event loop for `BLOCKED_BUDGET_MS` within one
 * `BLOCKED_WINDOW_MS`, the whole process writes through the thread pool for `THREAD_POOL_HOLD_MS`, then
 * tries synchronous writes again. (One write of ~10 ms happens now and then on a busy machine when the
 * thread is descheduled mid-call; that alone must not switch, or a 2-core machine would rarely write
 * synchronously.) The event loop is blocked by at most ~100 ms per hold period.
 */
import { writev, writevSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { HubgetError } from '../errors.js';

/** A synchronous write this slow means the disk (not the page cache) is taking the bytes. */
export const SLOW_SYNC_WRITE_MS = 50;
/** Time in synchronous writes per window that moves writes to the thread pool (10 % of the event loop). */
export const BLOCKED_BUDGET_MS = 100;
export const BLOCKED_WINDOW_MS = 1000;
/** After a slow synchronous write, writes go through the thread pool for this long. */
export const THREAD_POOL_HOLD_MS = 5000;

let threadPoolUntilMs = 0;
let synchronousAllowed = true;
let windowStartMs = 0;
let blockedInWindowMs = 0;

/** Turns synchronous writes off (true) or back on; for tests and for measuring the thread-pool path. */
export function setSynchronousWrites(allowed: boolean): void {
  synchronousAllowed = allowed;
  threadPoolUntilMs = 0;
  windowStartMs = 0;
  blockedInWindowMs = 0;
}

/** True while writes go through the thread pool (a recent slow write, or synchronous writes off). */
export function writesUseThreadPool(now = performance.now()): boolean {
  return !synchronousAllowed || now < threadPoolUntilMs;
}

/** Records how long one synchronous write took; a slow one moves writes to the thread pool for a while. */
export function noteSynchronousWrite(durationMs: number, endedMs: number): void {
  if (endedMs - windowStartMs >= BLOCKED_WINDOW_MS) {
    windowStartMs = endedMs;
    blockedInWindowMs = 0;
  }
  blockedInWindowMs += durationMs;
  if (durationMs >= SLOW_SYNC_WRITE_MS || blockedInWindowMs >= BLOCKED_BUDGET_MS) {
    threadPoolUntilMs = endedMs + THREAD_POOL_HOLD_MS;
    blockedInWindowMs = 0;
  }
}

/**
 * Writes all `length` bytes of `buffers` at `position` of `fd`, continuing after short writes. Returns
 * undefined when the bytes were written synchronously (a write error is then thrown), or a promise when
 * they went to the thread pool.
 */
export function writeBatch(
  fd: number,
  buffers: Buffer[],
  length: number,
  position: number,
): Promise<void> | undefined {
  if (writesUseThreadPool()) return writeOnThreadPool(fd, buffers, length, position);
  let offset = 0;
  let pending = buffers;
  while (offset < length) {
    const startedMs = performance.now();
    const bytesWritten = writevSync(fd, pending, position + offset);
    const endedMs = performance.now();
    noteSynchronousWrite(endedMs - startedMs, endedMs);
    offset += checkProgress(bytesWritten);
    if (offset >= length) return undefined;
    pending = dropWritten(pending, bytesWritten);
    if (writesUseThreadPool(endedMs))
      return writeOnThreadPool(fd, pending, length - offset, position + offset);
  }
  return undefined;
}

async function writeOnThreadPool(
  fd: number,
  buffers: Buffer[],
  length: number,
  position: number,
): Promise<void> {
  let offset = 0;
  let pending = buffers;
  while (offset < length) {
    const bytesWritten = await writevAt(fd, pending, position + offset);
    offset += checkProgress(bytesWritten);
    if (offset < length) pending = dropWritten(pending, bytesWritten);
  }
}

function checkProgress(bytesWritten: number): number {
  if (bytesWritten <= 0) throw new HubgetError('IO_ERROR', 'Write made no progress');
  return bytesWritten;
}

/** The buffers still to write after a short write of `written` bytes. */
function dropWritten(buffers: Buffer[], written: number): Buffer[] {
  let skip = written;
  const rest: Buffer[] = [];
  for (const buffer of buffers) {
    if (skip >= buffer.length) {
      skip -= buffer.length;
      continue;
    }
    rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
    skip = 0;
  }
  return rest;
}

function writevAt(fd: number, buffers: Buffer[], position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    writev(fd, buffers, position, (error, bytesWritten) => (error ? reject(error) : resolve(bytesWritten)));
  });
}
