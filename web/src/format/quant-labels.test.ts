import { describe, expect, it } from 'vitest';
import { quantListLabel, withQuantsLabel } from './quant-labels.js';

describe('quantization labels', () => {
  it('lists the quantizations of a model', () => {
    expect(quantListLabel([])).toBe('');
    expect(quantListLabel(['Q4_K_M'])).toBe('Q4_K_M');
    expect(quantListLabel(['Q4_K_M', 'Q6_K'])).toBe('Q4_K_M and Q6_K');
    expect(quantListLabel(['Q2_K', 'Q4_K_M', 'Q6_K'])).toBe('Q2_K, Q4_K_M and Q6_K');
    expect(withQuantsLabel([])).toBe('');
    expect(withQuantsLabel(['Q6_K'])).toBe('with its quantization Q6_K');
    expect(withQuantsLabel(['Q4_K_M', 'Q6_K'])).toBe('with its quantizations Q4_K_M and Q6_K');
  });
});
