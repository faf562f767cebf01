import { expect, it } from 'vitest';
import { pullRequestLabel, pullRequestNumber } from './pull-request-ref.js';

it('reads the number of a pull request ref and nothing else', () => {
  expect(pullRequestNumber('refs/pr/7')).toBe(7);
  expect(pullRequestNumber('refs/pr/10')).toBe(10);
  for (const ref of [
    'main',
    'refs/heads/main',
    'refs/pr/',
    'refs/pr/7/x',
    'refs/pr/x',
    'refs/convert/parquet',
  ])
    expect(pullRequestNumber(ref), ref).toBeUndefined();
  expect(pullRequestLabel('refs/pr/7')).toBe('PR #7');
  expect(pullRequestLabel('v1.0')).toBe('v1.0');
});
