import { describe, expect, it } from 'vitest';
import { downloadVerifying, isVerifying } from './verifying.js';

describe('isVerifying', () => {
  it('is true only while every byte is on disk and the download has not finished', () => {
    expect(isVerifying(999, 1000, false)).toBe(false);
    expect(isVerifying(1000, 1000, false)).toBe(true);
    expect(isVerifying(1000, 1000, true)).toBe(false);
    // Nothing to verify before the size is known, or for a download of empty files only.
    expect(isVerifying(0, 0, false)).toBe(false);
  });

  it('counts a whole download finished once every file is done', () => {
    const progress = { downloaded: 1000, total: 1000, filesDone: 1, filesTotal: 2 };
    expect(downloadVerifying(progress)).toBe(true);
    expect(downloadVerifying({ ...progress, filesDone: 2 })).toBe(false);
    expect(downloadVerifying({ ...progress, downloaded: 999 })).toBe(false);
  });
});
