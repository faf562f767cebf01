import { describe, expect, it } from 'vitest';
import { isHubgetError } from '../errors.js';
import { parseRepoRef } from './repo-id.js';

describe('parseRepoRef', () => {
  it.each([
    ['openai-community/gpt2', undefined, { repoId: 'openai-community/gpt2', repoType: 'model' }],
    ['gpt2', undefined, { repoId: 'gpt2', repoType: 'model' }],
    ['org/data_set.v2', 'dataset', { repoId: 'org/data_set.v2', repoType: 'dataset' }],
    ['org/x', 'datasets', { repoId: 'org/x', repoType: 'dataset' }],
    ['datasets/org/x', undefined, { repoId: 'org/x', repoType: 'dataset' }],
    ['spaces/org/app', undefined, { repoId: 'org/app', repoType: 'space' }],
    ['  org/name  ', 'model', { repoId: 'org/name', repoType: 'model' }],
    [`org/${'a'.repeat(96)}`, undefined, { repoId: `org/${'a'.repeat(96)}`, repoType: 'model' }],
  ])('accepts %j (%s)', (id, type, expected) => {
    expect(parseRepoRef(id, type)).toEqual(expected);
  });

  it.each([
    ['', /empty/],
    ['a/b/c', /2 slashes/],
    ['org--x/name', /"--"/],
    ['org/na..me', /"\.\."/],
    ['org/name.git', /\.git/],
    ['org/-name', /must start and end/],
    ['org/name-', /must start and end/],
    ['org/na me', /may only contain/],
    ['org/', /must not be empty/],
    [`org/${'a'.repeat(97)}`, /longer than 96/],
    ['https://huggingface.co/org/name/resolve/main/x.bin', /try "org\/name"/],
    ['../../etc', /slashes/],
  ])('rejects %j with INVALID_REPO_ID', (id, message) => {
    try {
      parseRepoRef(id);
      expect.unreachable();
    } catch (error) {
      expect(isHubgetError(error, 'INVALID_REPO_ID')).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('rejects an unknown repo type with INVALID_ARGUMENT', () => {
    expect(() => parseRepoRef('org/x', 'kernel-thing')).toThrow(/model, dataset or space/);
  });
});
