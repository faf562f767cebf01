/**
 * V8 collects garbage with helper threads by default (parallel scavenges, concurrent marking and sweeping,
 * ArrayBuffer sweeping on a background thread). hubget's heap is small (~11 MB during a 1 GiB download) but
 * it churns through socket buffers (one ≤ 64 KiB ArrayBuffer per read), so collections are frequent and
 * each wakes the helpers: on a machine with few cores those threads compete with the transfer itself for the
 * CPU. Measured with the bench build (1 GiB uncapped, 5 interleaved A/B runs, bench/ab.ts): CPU 4.19 → 3.61 s
 * (median), wall 3.16 → 2.87 s, peak RSS 109–137 → 110–113 MB — the same as `node --single-threaded-gc`, which
 * a launched `hubget` cannot pass (NODE_OPTIONS refuses it). So the GC runs on the main thread: each pause
 * is still at most a few milliseconds with this heap (docs/transfer-writing.md, "Writing and memory").
 *
 * The flags are the ones `--single-threaded-gc` implies, except `--no-parallel-marking`, which V8 refuses to
 * change after start-up (it aborts). Set when the transfer engine loads (lane-writer.ts), before downloads
 * allocate; V8 reads them at each collection.
 */
import { setFlagsFromString } from 'node:v8';

export const SINGLE_THREADED_GC_FLAGS = [
  '--no-concurrent-marking',
  '--no-concurrent-sweeping',
  '--no-parallel-compaction',
  '--no-parallel-pointer-update',
  '--no-parallel-scavenge',
  '--no-concurrent-array-buffer-sweeping',
] as const;

function collectOnMainThread(): void {
  for (const flag of SINGLE_THREADED_GC_FLAGS) {
    try {
      setFlagsFromString(flag);
    } catch {
      // A V8 without this flag: it keeps its default.
    }
  }
}

collectOnMainThread();
