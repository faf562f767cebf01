import { describe, expect, it } from 'vitest';
import type { GgufView } from '../../../../src/api-types.js';
import { projectorsOfSelection, quantDownloadPaths, quantOfSelection } from './quant-selection.js';

const fits = { disk: true, memory: 'ram' as const };
const gguf: GgufView = {
  quants: [
    {
      name: 'Q4_K_M',
      files: ['Tiny-Q4_K_M.gguf'],
      totalBytes: 10,
      shards: 1,
      fits,
      localDirs: [],
      cachedAs: [],
    },
    {
      name: 'Q6_K',
      files: ['Tiny-Q6_K-00001-of-00002.gguf', 'Tiny-Q6_K-00002-of-00002.gguf'],
      totalBytes: 20,
      shards: 2,
      fits,
      localDirs: [],
      cachedAs: [],
    },
    { name: 'Q8_0', files: ['Tiny-Q8_0.gguf'], totalBytes: 30, shards: 1, fits, localDirs: [], cachedAs: [] },
  ],
  mmproj: [{ path: 'mmproj-Tiny-F16.gguf', size: 5 }],
  defaultQuant: 'Q4_K_M',
  defaultMmproj: 'mmproj-Tiny-F16.gguf',
  smallFiles: ['README.md', 'config.json'],
};

describe('quantization selection', () => {
  it('downloads a quantization with its projectors and the small files', () => {
    expect(quantDownloadPaths(gguf, 'Q6_K', ['mmproj-Tiny-F16.gguf'])).toEqual([
      'README.md',
      'Tiny-Q6_K-00001-of-00002.gguf',
      'Tiny-Q6_K-00002-of-00002.gguf',
      'config.json',
      'mmproj-Tiny-F16.gguf',
    ]);
    expect(quantDownloadPaths(gguf, 'Q3_K', [])).toEqual([]);
  });

  it('reads the quantization from the selection', () => {
    const q6 = new Set(quantDownloadPaths(gguf, 'Q6_K', []));
    expect(quantOfSelection(gguf, q6)).toBe('Q6_K');
    // Without the small files or with a projector it is still Q6_K.
    expect(
      quantOfSelection(gguf, new Set(['Tiny-Q6_K-00001-of-00002.gguf', 'Tiny-Q6_K-00002-of-00002.gguf'])),
    ).toBe('Q6_K');
  });

  it('marks none for nothing, part of a split quantization, or two quantizations', () => {
    expect(quantOfSelection(gguf, new Set())).toBeNull();
    expect(quantOfSelection(gguf, new Set(['README.md', 'mmproj-Tiny-F16.gguf']))).toBeNull();
    expect(quantOfSelection(gguf, new Set(['Tiny-Q6_K-00001-of-00002.gguf']))).toBeNull();
    const q6 = quantDownloadPaths(gguf, 'Q6_K', []);
    expect(quantOfSelection(gguf, new Set([...q6, 'Tiny-Q8_0.gguf']))).toBeNull();
  });

  it('lists the selected projectors', () => {
    expect(projectorsOfSelection(gguf, new Set(['mmproj-Tiny-F16.gguf', 'README.md']))).toEqual([
      'mmproj-Tiny-F16.gguf',
    ]);
    expect(projectorsOfSelection(gguf, new Set(['README.md']))).toEqual([]);
  });
});
