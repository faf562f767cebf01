/**
 * The process-wide pool of write batches (lane-writer.ts). Each connection copies the body chunks it
 * receives into one of these fixed-size buffers and writes it with one positional write; once written, the
 * buffer comes back here for the next batch.
 *
 * Why copy: a socket chunk (a fresh ≤ 64 KiB ArrayBuffer per read) held in a batch until its write outlived
 * one or two young-generation collections, so V8 promoted it and freed its memory only at the next full
 * collection: that garbage was most of the collector's time and of the peak RSS above 128 MiB with 32
 * connections (docs/benchmark.md). Copied, every socket chunk is dead when `data()` returns, and the
 * batches are the same few buffers for the whole run. The copy itself is a memcpy (~0.1 s per GiB).
 */

/** Bytes per batch: one positional write each (docs/transfer-engine.md, Writing and memory). */
export const BATCH_MAX_BYTES = 256 * 1024;
/**
 * Free batches kept for reuse (2 MiB). With synchronous writes a lane holds one batch at a time, so spares are
 * needed only when lanes end and others start, or while writes go through the thread pool.
 */
const POOL_MAX_BUFFERS = 8;

const free: Buffer[] = [];

/** A batch buffer of BATCH_MAX_BYTES, reused when one is free. Its content is not cleared. */
export function takeBatchBuffer(): Buffer {
  return free.pop() ?? Buffer.allocUnsafeSlow(BATCH_MAX_BYTES);
}

/** Gives a batch back once nothing refers to its bytes any more (its write finished). */
export function returnBatchBuffer(buffer: Buffer): void {
  if (free.length < POOL_MAX_BUFFERS && buffer.length === BATCH_MAX_BYTES) free.push(buffer);
}

/** Free batches in the pool (for tests). */
export function freeBatchBuffers(): number {
  return free.length;
}
