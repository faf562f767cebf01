import { describe, expect, it } from 'vitest';
import { repoIdProblem } from './model-entries.js';

describe('repoIdProblem (the server validator, run in the form)', () => {
  it.each([
    ['_org/_name', 'model'],
    ['org/name.v2', 'model'],
    [`org/${'a'.repeat(96)}`, 'model'],
    ['datasets/org/x', 'dataset'],
  ] as const)('accepts %j as a %s', (id, type) => {
    expect(repoIdProblem(id, type)).toBeNull();
  });

  it.each([
    ['', /Enter a repo id/],
    ['   ', /Enter a repo id/],
    ['a/b/c', /2 slashes/],
    ['org--x/y', /"--"/],
    [`org/${'a'.repeat(97)}`, /longer than 96/],
    ['https://huggingface.co/org/name', /try "org\/name"/],
  ])('refuses %j', (id, message) => {
    expect(repoIdProblem(id, 'model')).toMatch(message);
  });

  it('refuses a type prefix that contradicts the chosen type', () => {
    expect(repoIdProblem('datasets/org/x', 'model')).toMatch(/names a dataset/);
  });
});
