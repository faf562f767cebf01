import { describe, expect, it } from 'vitest';
import { isHubgetError } from '../errors.js';
import { fileGroupOf } from './file-groups.js';
import { fitHint } from './fit-hint.js';
import {
  listGgufQuants,
  quantNames,
  quantOfFile,
  selectQuantFiles,
  splitQuantSuffix,
} from './gguf-quants.js';

const GB = 1e9;
const files = [
  { path: 'README.md', size: 5_000 },
  { path: 'config.json', size: 300 },
  { path: 'tokenizer.json', size: 2_000_000 },
  { path: 'huge-notes.txt', size: 500_000_000 },
  { path: 'model.safetensors', size: 10 * GB },
  { path: 'Llama-3.2-1B-Instruct-Q4_K_M.gguf', size: 0.8 * GB },
  { path: 'Llama-3.2-1B-Instruct-Q8_0.gguf', size: 1.3 * GB },
  { path: 'Llama-3.2-1B-Instruct.IQ2_XXS.gguf', size: 0.4 * GB },
  { path: 'Llama-3.2-1B-Instruct-UD-Q4_K_XL.gguf', size: 0.9 * GB },
  { path: 'Llama-3.2-1B-Instruct-f16-00001-of-00002.gguf', size: 1.5 * GB },
  { path: 'Llama-3.2-1B-Instruct-f16-00002-of-00002.gguf', size: 1 * GB },
  { path: 'BF16/Llama-3.2-1B-Instruct-00001-of-00003.gguf', size: 1 * GB },
  { path: 'BF16/Llama-3.2-1B-Instruct-00002-of-00003.gguf', size: 1 * GB },
  { path: 'BF16/Llama-3.2-1B-Instruct-00003-of-00003.gguf', size: 0.5 * GB },
  { path: 'gpt-oss-MXFP4.gguf', size: 0.7 * GB },
  { path: 'mmproj-model-f16.gguf', size: 0.3 * GB },
  { path: 'mmproj-BF16.gguf', size: 0.3 * GB },
];

describe('GGUF quantization rule', () => {
  it('reads quantization names from file names and sub-folders, case-insensitively', () => {
    expect(quantOfFile('a/Model-q4_k_m.gguf')).toBe('Q4_K_M');
    expect(quantOfFile('Model.IQ2_XXS.gguf')).toBe('IQ2_XXS');
    expect(quantOfFile('Model-UD-Q4_K_XL.gguf')).toBe('UD-Q4_K_XL');
    expect(quantOfFile('Q5_K_M/model-00001-of-00002.gguf')).toBe('Q5_K_M');
    expect(quantOfFile('Model-MXFP4.gguf')).toBe('MXFP4');
    expect(quantOfFile('mmproj-Model-F16.gguf')).toBeUndefined();
    expect(quantOfFile('model.safetensors')).toBeUndefined();
    expect(quantOfFile('model.gguf')).toBeUndefined();
  });

  it('lists one row per quantization with split shards summed, smallest first, Q4_K_M preselected', () => {
    const listing = listGgufQuants(files);
    const byName = Object.fromEntries(listing.quants.map((quant) => [quant.name, quant]));
    expect(Object.keys(byName).sort()).toEqual(
      ['BF16', 'F16', 'IQ2_XXS', 'MXFP4', 'Q4_K_M', 'Q8_0', 'UD-Q4_K_XL'].sort(),
    );
    expect(byName.F16!.shards).toBe(2);
    expect(byName.F16!.totalBytes).toBe(2.5 * GB);
    expect(byName.BF16!.files).toHaveLength(3);
    expect(byName.BF16!.totalBytes).toBe(2.5 * GB);
    expect(listing.quants[0]!.name).toBe('IQ2_XXS');
    expect(listing.defaultQuant).toBe('Q4_K_M');
    expect(listing.mmproj.map((file) => file.path)).toEqual(['mmproj-BF16.gguf', 'mmproj-model-f16.gguf']);
    expect(listing.defaultMmproj).toBe('mmproj-model-f16.gguf');
  });

  it('preselects another Q4_K when Q4_K_M is missing', () => {
    const listing = listGgufQuants([
      { path: 'm-Q8_0.gguf', size: 3 },
      { path: 'm-UD-Q4_K_XL.gguf', size: 2 },
    ]);
    expect(listing.defaultQuant).toBe('UD-Q4_K_XL');
  });

  it('selects the quantization, the default mmproj and the small non-weight files, never other quantizations', () => {
    const selection = selectQuantFiles(files, 'bf16');
    // In the listing's order (a whole-repo download's), whatever it is: not re-sorted.
    expect(selection.paths).toEqual([
      'README.md',
      'config.json',
      'tokenizer.json',
      'BF16/Llama-3.2-1B-Instruct-00001-of-00003.gguf',
      'BF16/Llama-3.2-1B-Instruct-00002-of-00003.gguf',
      'BF16/Llama-3.2-1B-Instruct-00003-of-00003.gguf',
      'mmproj-model-f16.gguf',
    ]);
    expect(selection.totalBytes).toBe(2.5 * GB + 0.3 * GB + 5_000 + 300 + 2_000_000);
    expect(selectQuantFiles(files, 'Q8_0', 'none').paths).not.toContain('mmproj-model-f16.gguf');
    // The importance matrix the quantizations were made with (bartowski's, unsloth's) is not for running one.
    const withImatrix = [
      ...files,
      { path: 'Llama-3.2-1B-Instruct.imatrix', size: 5_000_000 },
      { path: 'imatrix_unsloth.dat', size: 3_000_000 },
    ];
    expect(selectQuantFiles(withImatrix, 'Q8_0').paths).toEqual([
      'README.md',
      'config.json',
      'tokenizer.json',
      'Llama-3.2-1B-Instruct-Q8_0.gguf',
      'mmproj-model-f16.gguf',
    ]);
    expect(selectQuantFiles(files, 'Q8_0', ['mmproj-BF16.gguf']).paths).toContain('mmproj-BF16.gguf');
  });

  it('an unknown quantization fails listing those that exist', () => {
    try {
      selectQuantFiles(files, 'Q3_K_S', 'default', 'org/model');
      expect.unreachable();
    } catch (error) {
      expect(isHubgetError(error, 'INVALID_ARGUMENT')).toBe(true);
      expect((error as Error).message).toContain('No quantization "Q3_K_S" in org/model; available: IQ2_XXS');
      expect((error as Error).message).toContain('Q4_K_M');
    }
    expect(() => selectQuantFiles([{ path: 'model.safetensors', size: 1 }], 'Q4_K_M')).toThrow(
      /has no GGUF quantizations/,
    );
  });

  it('names the quantizations a set of files holds, smallest first', () => {
    expect(quantNames(files)).toEqual(listGgufQuants(files).quants.map((quant) => quant.name));
    expect(quantNames(files.filter((file) => /Q8_0|Q4_K_M/.test(file.path)))).toEqual(['Q4_K_M', 'Q8_0']);
    expect(
      quantNames([
        { path: 'mmproj-model-f16.gguf', size: 1 },
        { path: 'config.json', size: 1 },
      ]),
    ).toEqual([]);
  });

  it('does not name a split quantization with a shard missing', () => {
    const shards = (name: string, parts: number[], of: number) =>
      parts.map((part) => ({
        path: `${name}/model-${name}-${String(part).padStart(5, '0')}-of-${String(of).padStart(5, '0')}.gguf`,
        size: 10,
      }));
    expect(quantNames([...shards('Q8_0', [1, 2, 3], 3), ...shards('Q6_K', [1, 3], 3)])).toEqual(['Q8_0']);
    expect(quantNames([...shards('Q6_K', [1, 2], 2), { path: 'model-Q4_K_M.gguf', size: 5 }])).toEqual([
      'Q4_K_M',
      'Q6_K',
    ]);
  });

  it('splits `repo:QUANT` references', () => {
    expect(splitQuantSuffix('org/name:Q4_K_M')).toEqual({ repoId: 'org/name', quant: 'Q4_K_M' });
    expect(splitQuantSuffix('org/name')).toEqual({ repoId: 'org/name' });
    expect(splitQuantSuffix('https://huggingface.co/org/name')).toEqual({
      repoId: 'https://huggingface.co/org/name',
    });
  });

  it('refuses a `:` with no quantization after it, rather than taking every quantization', () => {
    for (const reference of ['org/name:', 'org/name: ']) {
      expect(() => splitQuantSuffix(reference), reference).toThrow(
        expect.objectContaining({
          code: 'INVALID_ARGUMENT',
          message: expect.stringContaining('org/name:Q4_K_M'),
        }),
      );
    }
  });
});

describe('file groups and the fit hint', () => {
  it('groups files by purpose', () => {
    expect(fileGroupOf('model-00001-of-00002.safetensors')).toBe('weights');
    expect(fileGroupOf('sub/model.Q4_K_M.gguf')).toBe('weights');
    expect(fileGroupOf('tokenizer_config.json')).toBe('tokenizer');
    expect(fileGroupOf('generation_config.json')).toBe('config');
    expect(fileGroupOf('README.md')).toBe('other');
  });

  it('says whether a size fits disk, GPU memory or RAM', () => {
    expect(fitHint(4 * GB, 10 * GB, { totalRamBytes: 16 * GB, gpuMemoryBytes: 8 * GB })).toEqual({
      disk: true,
      memory: 'gpu',
    });
    expect(fitHint(8 * GB, 5 * GB, { totalRamBytes: 16 * GB, gpuMemoryBytes: 8 * GB })).toEqual({
      disk: false,
      memory: 'ram',
    });
    expect(fitHint(20 * GB, 50 * GB, { totalRamBytes: 16 * GB })).toEqual({ disk: true, memory: 'none' });
    // Part of it on disk already: only what is left to fetch needs the free space; memory needs it all.
    expect(fitHint(8 * GB, 5 * GB, { totalRamBytes: 16 * GB }, 3 * GB)).toEqual({
      disk: true,
      memory: 'ram',
    });
  });
});
