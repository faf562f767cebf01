import { describe, expect, it } from 'vitest';
import { isVerifying } from './verifying.js';

describe('isVerifying', () => {
  it('is true only while every byte is on disk and the download has not finished', () => {
    expect(isVerifying(999, 1000, false)).toBe(false);
    expect(isVerifying(1000, 1000, false)).toBe(true);
    expect(isVerifying(1000, 1000, true)).toBe(false);
    // Nothing to verify before the size is known, or for a download of empty files only.
    expect(isVerifying(0, 0, false)).toBe(false);
  });
});
