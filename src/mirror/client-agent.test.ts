import { describe, expect, it } from 'vitest';
import { clientAgent } from './client-agent.js';

describe('clientAgent', () => {
  it('names a client by the first product of its User-Agent', () => {
    expect(clientAgent('huggingface_hub/0.26.2; python/3.11.4; session_id/abc; torch/2.4.0')).toBe(
      'huggingface_hub/0.26.2',
    );
    expect(clientAgent('hubget/0.1.0')).toBe('hubget/0.1.0');
    expect(clientAgent('Mozilla/5.0 (X11; Linux x86_64) Chrome/120')).toBe('Mozilla/5.0');
  });

  it('keeps printable characters only, at most 64, and gives none for an empty or missing header', () => {
    expect(clientAgent('evil\u001b[31m/1')).toBe('evil[31m/1');
    expect(clientAgent('x'.repeat(100))).toHaveLength(64);
    expect(clientAgent('')).toBeUndefined();
    expect(clientAgent(undefined)).toBeUndefined();
    expect(clientAgent('\u0000')).toBeUndefined();
  });
});
