/**
 * One switch for the file system calls of the transfer path: synchronous on the event loop while the disk
 * answers at page-cache speed, on libuv's thread pool once it pushes back (docs/transfer-writing.md,
 * "Synchronous writes into the page cache" and "Synchronous metadata calls").
 *
 * Why: handing a call to the thread pool (queue mutex, futex wake-up of a pool thread, completion callback, a
 * promise) costs more CPU than the call itself when the kernel answers from its caches, and on this VM the
 * wake-up is dear: an async `fstat` cost ≈ 45 µs of the main thread's time, a synchronous one ≈ 10. But a call
 * that blocks (dirty-page throttling on a slow disk; an NFS server's round trip, or an `fstat` there that
 * writes the file's dirty pages back first) stalls the event loop, which in `hubget serve` carries the API,
 * the ≥ 1 Hz progress events and pause within 1 s. So every synchronous call is timed, and slow ones move the
 * whole process to the thread pool for `THREAD_POOL_HOLD_MS`, after which synchronous calls are tried again:
 * - a write of `BLOCKING_WRITE_MS` or more, or `SLOW_WRITES_TO_SWITCH` of `SLOW_SYNC_WRITE_MS` or more within
 *   `SLOW_WINDOW_MS` (writes copy real bytes: no budget of time, see noteSynchronousWrite);
 * - a metadata call (stat, rename, symlink) of `SLOW_SYNC_WRITE_MS` or more, or metadata calls adding up to
 *   `METADATA_BUDGET_MS` within `SLOW_WINDOW_MS`: a local file system answers them in microseconds (300 small
 *   files' ≈ 1200 calls take ≈ 15 ms), a network one in a round trip each, which a budget catches even when
 *   no single call is slow.
 */
import { performance } from 'node:perf_hooks';

/** A synchronous write this slow means the disk (not the page cache) is taking the bytes. */
export const SLOW_SYNC_WRITE_MS = 20;
/** One write this slow switches at once. */
export const BLOCKING_WRITE_MS = 50;
/** Slow writes within SLOW_WINDOW_MS that switch. */
export const SLOW_WRITES_TO_SWITCH = 3;
export const SLOW_WINDOW_MS = 1000;
/** After a slow synchronous call, calls go through the thread pool for this long. */
export const THREAD_POOL_HOLD_MS = 5000;
/** Synchronous metadata calls adding up to this much within SLOW_WINDOW_MS switch (a tenth of the loop). */
export const METADATA_BUDGET_MS = 100;

let threadPoolUntilMs = 0;
let synchronousAllowed = true;
/** End times of the recent slow writes (at most SLOW_WRITES_TO_SWITCH). */
let slowWriteEnds: number[] = [];
/** Time spent in synchronous metadata calls since `metadataWindowStartMs`. */
let metadataSpentMs = 0;
let metadataWindowStartMs = Number.NEGATIVE_INFINITY;

/** Turns synchronous calls off (false) or back on; for tests and for measuring the thread-pool path. */
export function setSynchronousWrites(allowed: boolean): void {
  synchronousAllowed = allowed;
  threadPoolUntilMs = 0;
  slowWriteEnds = [];
  metadataSpentMs = 0;
  metadataWindowStartMs = Number.NEGATIVE_INFINITY;
}

/** True while file system calls go through the thread pool (a recent slow call, or synchronous calls off). */
export function writesUseThreadPool(now = performance.now()): boolean {
  return !synchronousAllowed || now < threadPoolUntilMs;
}

function switchToThreadPool(endedMs: number): void {
  threadPoolUntilMs = endedMs + THREAD_POOL_HOLD_MS;
  slowWriteEnds = [];
  metadataSpentMs = 0;
  metadataWindowStartMs = Number.NEGATIVE_INFINITY;
}

/**
 * Records how long one synchronous write took; a slow one moves calls to the thread pool for a while. Not a
 * budget of time spent writing: at 400 MB/s copying into the page cache is ~200 ms of every second, real work
 * the thread pool would do too; and not one write of ~10 ms either: that happens now and then on a busy
 * 2-core machine when the thread is descheduled mid-call. A disk that pushes back makes every write slow.
 */
export function noteSynchronousWrite(durationMs: number, endedMs: number): void {
  if (durationMs < SLOW_SYNC_WRITE_MS) return;
  slowWriteEnds = [...slowWriteEnds.filter((end) => endedMs - end < SLOW_WINDOW_MS), endedMs];
  if (durationMs >= BLOCKING_WRITE_MS || slowWriteEnds.length >= SLOW_WRITES_TO_SWITCH) {
    switchToThreadPool(endedMs);
  }
}

/** Records how long one synchronous metadata call took (stat, rename, symlink). */
export function noteSynchronousMetadataCall(durationMs: number, endedMs: number): void {
  if (endedMs - metadataWindowStartMs >= SLOW_WINDOW_MS) {
    metadataWindowStartMs = endedMs;
    metadataSpentMs = 0;
  }
  metadataSpentMs += durationMs;
  if (durationMs >= SLOW_SYNC_WRITE_MS || metadataSpentMs >= METADATA_BUDGET_MS) switchToThreadPool(endedMs);
}

/**
 * One metadata call: `sync` on the event loop, timed, while synchronous calls are on; else `pool` (the same
 * call through the thread pool). A synchronous call's error rejects the promise, as the pool's would.
 */
export async function metadataCall<T>(sync: () => T, pool: () => Promise<T>): Promise<T> {
  if (writesUseThreadPool()) return pool();
  const startedMs = performance.now();
  try {
    return sync();
  } finally {
    const endedMs = performance.now();
    noteSynchronousMetadataCall(endedMs - startedMs, endedMs);
  }
}
