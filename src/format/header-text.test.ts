import { describe, expect, it } from 'vitest';
import { headerText } from './header-text.js';

describe('headerText', () => {
  it('gives typographic punctuation its ASCII stand-in, not a ? that reads as part of the sentence', () => {
    expect(headerText('Revision "x" not found in model org/a — check the branch')).toBe(
      'Revision "x" not found in model org/a - check the branch',
    );
    expect(headerText('‘a’ “b” wait… 1–2 ≈ 3 · 4 × 5')).toBe(`'a' "b" wait... 1-2 ~ 3 - 4 x 5`);
  });

  it('drops accents, and turns what has no stand-in or is a control character into ?', () => {
    expect(headerText('modèle/é.bin')).toBe('modele/e.bin');
    expect(headerText('数据.bin')).toBe('??.bin');
    expect(headerText('a\r\nb\u0000')).toBe('a??b?');
  });
});
