/**
 * The process-wide pool of write batches (lane-writer.ts). Each connection copies the body chunks it
 * receives into one of these fixed-size buffers and writes it with one positional write; once written, the
 * buffer comes back here for the next batch.
 *
 * Why copy: a socket chunk (a fresh ≤ 64 KiB ArrayBuffer per read) held in a batch until its write outlived
 * one or two young-generation collections, so V8 promoted it and freed its memory only at the next full
 * collection: that garbage was much of the peak RSS above 128 MiB with 32 connections
 * (docs/transfer-writing.md, Writing and memory). Copied, every socket chunk is dead when `data()` returns,
 * and the batches are the same few buffers for the whole run. The copy itself is a memcpy (~0.1 s per GiB).
 *
 * Every buffer given back is kept while transfers run, so the pool holds what the busiest moment needed
 * (one batch per connection with synchronous writes, two or three while writes go through the thread pool)
 * and no more: a pool capped below that dropped and re-allocated buffers at every turn, and each dropped
 * buffer, long-lived enough to be in V8's old generation, stayed in memory until a full collection (peak
 * ArrayBuffers 136–157 MB with 32 connections on the thread pool, against ~45 MB now). When no batch was
 * taken for IDLE_TRIM_MS, the free buffers are let go.
 */

/** Bytes per batch: one positional write each (docs/transfer-writing.md, Writing and memory). */
export const BATCH_MAX_BYTES = 256 * 1024;
/** Free buffers are released after this long without a take. */
export const IDLE_TRIM_MS = 5000;

let free: Buffer[] = [];
let lastTakeMs = 0;
let trimTimer: NodeJS.Timeout | undefined;

/** A batch buffer of BATCH_MAX_BYTES, reused when one is free. Its content is not cleared. */
export function takeBatchBuffer(): Buffer {
  lastTakeMs = Date.now();
  return free.pop() ?? Buffer.allocUnsafeSlow(BATCH_MAX_BYTES);
}

/** Gives a batch back once nothing refers to its bytes any more (its write finished). */
export function returnBatchBuffer(buffer: Buffer): void {
  if (buffer.length !== BATCH_MAX_BYTES) return;
  free.push(buffer);
  trimTimer ??= setTimeout(trimWhenIdle, IDLE_TRIM_MS).unref();
}

/** Free batches in the pool (for tests). */
export function freeBatchBuffers(): number {
  return free.length;
}

/** Releases every free batch now (for tests; the idle timer does it on its own). */
export function trimBatchBuffers(): void {
  free = [];
  clearTimeout(trimTimer);
  trimTimer = undefined;
}

function trimWhenIdle(): void {
  trimTimer = undefined;
  const idleMs = Date.now() - lastTakeMs;
  if (idleMs >= IDLE_TRIM_MS) {
    trimBatchBuffers();
    return;
  }
  if (free.length > 0) trimTimer = setTimeout(trimWhenIdle, IDLE_TRIM_MS - idleMs).unref();
}
