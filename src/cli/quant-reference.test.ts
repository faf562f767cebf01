import { describe, expect, it } from 'vitest';
import { modelFileLine } from './quant-reference.js';

describe('the model file line of a :QUANT download', () => {
  const q4 = { name: 'Q4_K_M', modelFile: 'sub/m-Q4_K_M.gguf', parts: 1 };

  it('joins the quantization file to the folder the download printed', () => {
    expect(modelFileLine(q4, '/cache/snap', 3)).toBe('Model file (Q4_K_M): /cache/snap/sub/m-Q4_K_M.gguf');
  });

  it('takes the printed path as the file itself when that file was all the download asked for', () => {
    expect(modelFileLine(q4, '/cache/snap/sub/m-Q4_K_M.gguf', 1)).toBe(
      'Model file (Q4_K_M): /cache/snap/sub/m-Q4_K_M.gguf',
    );
  });
});
