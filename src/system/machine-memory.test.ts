import { describe, expect, it } from 'vitest';
import { createMachineMemoryReader, parseNvidiaSmiMemory } from './machine-memory.js';

describe('machine memory', () => {
  it('reads the largest GPU from nvidia-smi output (MiB per line)', () => {
    expect(parseNvidiaSmiMemory('24564\n8192\n')).toBe(24564 * 1024 * 1024);
    expect(parseNvidiaSmiMemory('')).toBeUndefined();
    expect(parseNvidiaSmiMemory('[N/A]\n')).toBeUndefined();
  });

  it('has no GPU when nvidia-smi is missing, and always total RAM', async () => {
    const read = createMachineMemoryReader({ nvidiaSmi: '/nonexistent/nvidia-smi' });
    const memory = await read();
    expect(memory.totalRamBytes).toBeGreaterThan(0);
    expect(memory.gpuMemoryBytes).toBeUndefined();
  });
});
