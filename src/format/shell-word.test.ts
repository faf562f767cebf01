import { describe, expect, it } from 'vitest';
import { shellWord } from './shell-word.js';

describe('shellWord', () => {
  it('leaves a word no shell treats specially as it is', () => {
    expect(shellWord('/home/ada/models/org--x_1.2@main:Q4_K_M,+=%')).toBe(
      '/home/ada/models/org--x_1.2@main:Q4_K_M,+=%',
    );
  });

  it('leaves letters and digits of any script as they are: no shell treats them specially', () => {
    expect(shellWord('/home/josé/modèles/日本語-7B')).toBe('/home/josé/modèles/日本語-7B');
    // A space that is not ASCII's is a space all the same.
    expect(shellWord('/home/ada/my\u00a0models')).toBe("'/home/ada/my\u00a0models'");
  });

  it('single-quotes anything else, a quote inside closed, escaped and reopened', () => {
    expect(shellWord('/home/ada/my models')).toBe("'/home/ada/my models'");
    expect(shellWord("ada's")).toBe(`'ada'\\''s'`);
    expect(shellWord('$HOME/*')).toBe("'$HOME/*'");
    expect(shellWord('')).toBe("''");
  });
});
