import { describe, expect, it } from 'vitest';
import {
  commitsWithPrefix,
  isShortCommit,
  isShortCommitOf,
  SHORT_COMMIT_MIN_LENGTH,
} from './short-commit.js';

const A = `c70bf08${'a'.repeat(33)}`;
const B = `c70bf08${'b'.repeat(33)}`;

describe('short commits', () => {
  it('are 7 to 39 lowercase hex characters', () => {
    expect(SHORT_COMMIT_MIN_LENGTH).toBe(7);
    expect(isShortCommit('c70bf08')).toBe(true);
    expect(isShortCommit(A.slice(0, 39))).toBe(true);
    for (const value of ['c70bf0', A, 'C70BF08', 'main', 'v1.0.0', 'c70bf0g']) {
      expect(isShortCommit(value), value).toBe(false);
    }
  });

  it('name the full commits they start, sorted and once each', () => {
    expect(commitsWithPrefix('c70bf08', [B, A, A, 'x'.repeat(40)])).toEqual([A, B]);
    expect(commitsWithPrefix('c70bf08a', [A, B])).toEqual([A]);
    // A full commit or a ref name is no prefix; neither are too few characters.
    expect(commitsWithPrefix(A, [A])).toEqual([]);
    expect(commitsWithPrefix('c70bf0', [A])).toEqual([]);
  });

  it('name a commit only by its own beginning: a hex-looking name of another commit is a branch or tag', () => {
    expect(isShortCommitOf('c70bf08', A)).toBe(true);
    expect(isShortCommitOf('c70bf08b', A)).toBe(false);
    expect(isShortCommitOf('deadbee', A)).toBe(false);
    expect(isShortCommitOf('main', A)).toBe(false);
    expect(isShortCommitOf(A, A)).toBe(false);
  });
});
