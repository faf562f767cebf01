/**
 * Whether a model of a given size fits this machine: on disk (free space) and in memory (GPU memory
 * when known, else total RAM). Running a GGUF model needs its weights plus room for the context (KV
 * cache) and runtime: MEMORY_HEADROOM of the file size, a rule of thumb that matches llama.cpp at
 * moderate context lengths.
 */

import { fitsOnDisk } from '../format/disk-fit.js';

const MEMORY_HEADROOM = 1.2;

export interface MachineMemory {
  totalRamBytes: number;
  /** Total memory of the largest GPU (nvidia-smi), when there is one. */
  gpuMemoryBytes?: number;
}

export interface FitHint {
  disk: boolean;
  /** Where it would run: `gpu` fits in GPU memory, `ram` only in RAM, `none` in neither. */
  memory: 'gpu' | 'ram' | 'none';
}

/**
 * `bytes`: the model's size (what must fit in memory); `bytesToFetch`: what of it is not on disk yet (what must
 * fit in the free space), all of it unless said.
 */
export function fitHint(
  bytes: number,
  freeDiskBytes: number,
  machine: MachineMemory,
  bytesToFetch = bytes,
): FitHint {
  const needed = bytes * MEMORY_HEADROOM;
  const memory =
    machine.gpuMemoryBytes !== undefined && needed <= machine.gpuMemoryBytes
      ? 'gpu'
      : needed <= machine.totalRamBytes
        ? 'ram'
        : 'none';
  return { disk: fitsOnDisk(bytesToFetch, freeDiskBytes), memory };
}
