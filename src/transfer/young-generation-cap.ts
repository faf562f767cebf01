/**
 * A ceiling on V8's young generation. V8 doubles its semi-spaces while a program allocates fast, up to
 * 16 MB each (32 MB of `new_space`), and keeps them: a download of 3000 small files reached that within
 * seconds, a quarter of its peak RSS. `--max-semi-space-size` would cap it, but V8 reads it only at start-up
 * and a launched `hubget` cannot pass node flags (gc-threads.ts). `--semi-space-growth-factor` is read at
 * every growth: set to 1 once `new_space` has reached YOUNG_GENERATION_CAP_BYTES, the young generation stops
 * growing there. Setting it from the start (1 MB) cost 0.4–1.1 CPU-s per 3000 files in an earlier round; at
 * 8 MB, 3000 files (bench/timeline-small.ts, TIMELINE_FILES=3000, four interleaved pairs) peaked at
 * 110–112 MB against 124–125 MB uncapped, with the same CPU (3.7–4.2 against 3.8–4.4 s user) and wall time
 * (docs/benchmark.md).
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** `new_space` (both semi-spaces) at which growth stops. */
export const YOUNG_GENERATION_CAP_BYTES = 8 * 1024 * 1024;

let capped = false;

/** The size of V8's young generation (`new_space`) now. */
export function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

/**
 * Stops the young generation's growth once it has reached the cap; cheap to call often (once capped, it does
 * nothing). Called as files finish and at the paced collections (gc-pacer.ts).
 */
export function capYoungGeneration(capBytes = YOUNG_GENERATION_CAP_BYTES): void {
  if (capped || youngGenerationBytes() < capBytes) return;
  capped = true;
  try {
    setFlagsFromString('--semi-space-growth-factor=1');
  } catch {
    // A V8 without this flag: it grows as before.
  }
}
