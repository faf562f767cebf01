import { describe, expect, it } from 'vitest';
import { printable, printableLine } from './printable.js';

describe('printable', () => {
  it('shows terminal controls as escapes and leaves other text alone', () => {
    expect(printable('a\u001b]0;title\u0007b')).toBe('a\\x1b]0;title\\x07b');
    expect(printable('csi\u009b2J del\u007f nul\u0000')).toBe('csi\\x9b2J del\\x7f nul\\x00');
    expect(printable('model\u202ecod.exe')).toBe('model\\u202ecod.exe');
    expect(printable('Ünïcödé 日本語 🤗 model-00001-of-00002.safetensors')).toBe(
      'Ünïcödé 日本語 🤗 model-00001-of-00002.safetensors',
    );
    expect(printable('two\nlines\tand a tab\r')).toBe('two\nlines\tand a tab\\x0d');
    expect(printableLine('two\nlines\tand a tab')).toBe('two\\x0alines\\x09and a tab');
  });
});
