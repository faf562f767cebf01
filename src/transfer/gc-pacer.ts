/**
 * Paced young-generation GC while bytes stream in. Node allocates a fresh ArrayBuffer for every socket
 * read (≤ 64 KiB) and V8 frees their backing stores only when it collects the young generation, which it
 * does on its own only after tens of MiB of them: at 300+ MB/s that garbage was what pushed the peak RSS
 * above 128 MB (docs/transfer-writing.md, Writing and memory). A scavenge every `intervalBytes` written
 * (process-wide, over all transfers) frees them early. Measured on 1 GiB, 16 connections, bench build,
 * interleaved with pacing off (same session, load ≈ 2.5): peak RSS uncapped 135–144 → 122–128 MB, capped
 * 123–130 → 112–128 MB, for 125 scavenges of ~1.2 ms (0.13–0.18 s CPU per GiB; total CPU +0.0–0.3 s).
 * 4 MiB saved a few MB more (119–126 uncapped) but cost +0.3–0.6 s CPU per GiB; 16 MiB saved nothing
 * measurable. A smaller young generation (`--max-semi-space-size=1`) did about as well as 8 MiB but needs a
 * node flag on every launcher (bin/hubget, `node bin/hubget serve`, the bench); this needs none.
 *
 * Long downloads and downloads of many small files get a paced full collection too
 * (DEFAULT_FULL_GC_INTERVAL_BYTES, DEFAULT_GC_INTERVAL_FILES, below).
 *
 * A collection runs on `process.nextTick`: as soon as the socket callback that crossed the interval returns
 * (the chunk it held is garbage then), not after the event loop's poll phase. One poll phase runs the
 * callbacks of every socket with data, up to 32 reads of 64 KiB each per socket, so on a busy machine tens
 * of MiB of read buffers piled up before a collection scheduled with `setImmediate` ran. Measured
 * (`bench/ab.ts`, `setImmediate` vs `nextTick`, four interleaved pairs each): 1 GiB uncapped peak RSS
 * 109–116 → 98–99 MB; per-connection cap with a busy loop on the other core 127–129 → 104–107 MB; CPU and
 * wall time the same or lower.
 *
 * `gc` is the one `--expose-gc` gives when the process has it, else it is obtained once at run time (the
 * flag is set, `gc` read from a fresh context, and the flag unset again, so no other context sees it).
 * Without it, nothing happens (V8 decides alone, as before).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { capYoungGeneration } from './young-generation-cap.js';

type GcFunction = (options?: { type?: 'major' | 'minor' }) => void;

export const DEFAULT_GC_INTERVAL_BYTES = 8 * 1024 * 1024;
/**
 * Bytes written between two paced full collections. The paced scavenges still promote the few socket
 * buffers that happen to be alive at two of them in a row; promoted, they wait for a
 * full collection, of which V8 ran 1–8 on its own in a 4 GiB download: its ArrayBuffers grew from 7 to 21 MB
 * over 20 s and its RSS with them (119 → 138 MB). One full collection every 256 MiB keeps the peak flat
 * (4 GiB: 134–141 → 114–125 MB) for ≈ 0.15 CPU-s more per GiB; every 512 MiB or 1 GiB did not hold it
 * (docs/transfer-writing.md, "Paced full GC for long downloads").
 */
export const DEFAULT_FULL_GC_INTERVAL_BYTES = 256 * 1024 * 1024;
/**
 * Files finished between two paced full collections. A file's objects on the fetch path live across a
 * scavenge or two (a file is in flight for 100–300 ms, scavenges come every ~200 ms), so they are promoted
 * and die in the old generation, which V8 lets grow to about three times its live size (≈ 15 MB) before it
 * collects it: 3000 small files peaked at 143–158 MB RSS. A full collection every 512 finished files keeps
 * it near its live size: 118–121 MB, for 0.6–0.9 CPU-s more of 10–12 (V8 then also collects more often on
 * its own) and the same wall time within the noise (bench/timeline-small.ts, TIMELINE_FILES=3000, three
 * interleaved pairs; every 256 files: 115–120 MB, the same CPU). A download of fewer files never pays it.
 */
export const DEFAULT_GC_INTERVAL_FILES = 512;

let gcFunction: GcFunction | null | undefined;
let writtenSinceGcBytes = 0;
let writtenSinceFullGcBytes = 0;
let scheduled = false;
let intervalBytes = DEFAULT_GC_INTERVAL_BYTES;
let fullIntervalBytes = DEFAULT_FULL_GC_INTERVAL_BYTES;
let filesSinceFullGc = 0;
let fullScheduled = false;
let intervalFiles = DEFAULT_GC_INTERVAL_FILES;

/** Bytes between two paced scavenges; 0 turns pacing off. */
export function setGcIntervalBytes(bytes: number): void {
  intervalBytes = bytes;
}

/** Bytes written between two paced full collections; 0 turns them off. */
export function setFullGcIntervalBytes(bytes: number): void {
  fullIntervalBytes = bytes;
  writtenSinceFullGcBytes = 0;
}

/** Finished files between two paced full collections; 0 turns them off. */
export function setGcIntervalFiles(files: number): void {
  intervalFiles = files;
  filesSinceFullGc = 0;
}

/**
 * Count bytes just written; every `intervalBytes`, run one minor GC once the calling callback returns, and
 * every `fullIntervalBytes` a full collection instead.
 */
export function noteReceivedBytes(bytes: number): void {
  if (fullIntervalBytes > 0) {
    writtenSinceFullGcBytes += bytes;
    if (writtenSinceFullGcBytes >= fullIntervalBytes) {
      writtenSinceFullGcBytes = 0;
      writtenSinceGcBytes = 0;
      scheduleFullGc();
      return;
    }
  }
  if (intervalBytes <= 0) return;
  writtenSinceGcBytes += bytes;
  if (writtenSinceGcBytes < intervalBytes || scheduled) return;
  writtenSinceGcBytes = 0;
  if (!obtainGc()) return;
  scheduled = true;
  process.nextTick(runMinorGc);
}

/** Count a file fetched, verified and committed; every `intervalFiles`, run one full collection soon. */
export function noteFileFinished(): void {
  capYoungGeneration();
  if (intervalFiles <= 0) return;
  filesSinceFullGc++;
  if (filesSinceFullGc < intervalFiles || fullScheduled) return;
  filesSinceFullGc = 0;
  scheduleFullGc();
}

function scheduleFullGc(): void {
  if (fullScheduled || !obtainGc()) return;
  fullScheduled = true;
  process.nextTick(runFullGc);
}

function runMinorGc(): void {
  scheduled = false;
  capYoungGeneration();
  gcFunction?.({ type: 'minor' });
}

function runFullGc(): void {
  fullScheduled = false;
  // No options: on Node 20 (V8 11.3) `{ type: 'major' }` runs a scavenge, a bare call a full collection.
  gcFunction?.();
}

function obtainGc(): GcFunction | null {
  if (gcFunction === undefined) gcFunction = lookUpGc();
  return gcFunction;
}

function lookUpGc(): GcFunction | null {
  try {
    let gc = (globalThis as { gc?: GcFunction }).gc;
    if (typeof gc !== 'function') {
      setFlagsFromString('--expose-gc');
      try {
        gc = runInNewContext('gc') as GcFunction | undefined;
      } finally {
        setFlagsFromString('--no-expose-gc');
      }
    }
    return typeof gc === 'function' ? gc : null;
  } catch {
    return null;
  }
}
