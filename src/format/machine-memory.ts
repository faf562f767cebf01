/**
 * The memory a model's quantizations are measured against, in words: `8.00 GB GPU, 16.00 GB RAM`, or
 * `16.00 GB RAM, no GPU known` when nvidia-smi named none (src/system/machine-memory.ts: a missing or failing one
 * means none known, not that the machine has none). One wording for `hubget info`'s RUNS IN line and the web UI's
 * quantization picker, which said `16.00 GB RAM, no GPU found` of the same machine.
 */
import { formatBytes } from './units.js';

export function machineMemoryWords(totalRamBytes: number, gpuMemoryBytes: number | null): string {
  return gpuMemoryBytes
    ? `${formatBytes(gpuMemoryBytes)} GPU, ${formatBytes(totalRamBytes)} RAM`
    : `${formatBytes(totalRamBytes)} RAM, no GPU known`;
}
