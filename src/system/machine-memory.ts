/**
 * Total RAM (os.totalmem) and, where `nvidia-smi` is installed, the memory of the largest NVIDIA GPU.
 * A missing or failing nvidia-smi simply means "no GPU known"; it is asked at most once a minute.
 */
import { execFile } from 'node:child_process';
import { totalmem } from 'node:os';

export interface MachineMemoryReading {
  totalRamBytes: number;
  gpuMemoryBytes?: number;
}

const NVIDIA_SMI_TIMEOUT_MS = 2000;
const GPU_CACHE_MS = 60_000;

/** `nvidia-smi --query-gpu=memory.total --format=csv,noheader,nounits` output (MiB per line) → bytes. */
export function parseNvidiaSmiMemory(output: string): number | undefined {
  const mib = output
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((value) => Number.isFinite(value) && value > 0);
  return mib.length === 0 ? undefined : Math.max(...mib) * 1024 * 1024;
}

function queryNvidiaSmi(command: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile(
      command,
      ['--query-gpu=memory.total', '--format=csv,noheader,nounits'],
      { timeout: NVIDIA_SMI_TIMEOUT_MS },
      (error, stdout) => resolve(error ? undefined : parseNvidiaSmiMemory(String(stdout))),
    );
  });
}

export function createMachineMemoryReader(
  options: { nvidiaSmi?: string; now?: () => number } = {},
): () => Promise<MachineMemoryReading> {
  const now = options.now ?? Date.now;
  let cached: { at: number; gpu: Promise<number | undefined> } | undefined;
  return async () => {
    if (!cached || now() - cached.at > GPU_CACHE_MS) {
      cached = { at: now(), gpu: queryNvidiaSmi(options.nvidiaSmi ?? 'nvidia-smi') };
    }
    const gpuMemoryBytes = await cached.gpu;
    return { totalRamBytes: totalmem(), ...(gpuMemoryBytes === undefined ? {} : { gpuMemoryBytes }) };
  };
}
