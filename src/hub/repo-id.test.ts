import { describe, expect, it } from 'vitest';
import { isHubgetError } from '../errors.js';
import {
  isFullCommit,
  MAX_REPO_ID_LENGTH,
  parseRepoRef,
  REPO_ID_PATTERN,
  REPO_NAME_PATTERN,
} from './repo-id.js';

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

describe('one validator: REPO_ID_PATTERN and MAX_REPO_ID_LENGTH agree with parseRepoRef', () => {
  const pattern = new RegExp(REPO_ID_PATTERN, 'u');
  const name96 = 'a'.repeat(96);
  const cases = [
    'gpt2',
    'a',
    '_private/_x_',
    'org/name',
    'org/name.v2-beta_1',
    `${name96}/${name96}`,
    `datasets/${name96}/${name96}`,
    'datasets/x',
    'spaces/org/app',
    'models/org/m',
    'datasets',
    `${'a'.repeat(97)}/x`,
    `org/${'a'.repeat(97)}`,
    '',
    'org/',
    '/name',
    'a/b/c',
    'datasets/a/b/c',
    'org--x/name',
    'org/na..me',
    'org/name.git',
    'org/-name',
    'org/name-',
    '.org/name',
    'org/na me',
    'org/näme',
    'org\\name',
    'https://huggingface.co/org/name',
  ];
  it.each(cases)('%j: schema pattern and parseRepoRef give the same verdict', (id) => {
    let accepted = true;
    try {
      parseRepoRef(id);
    } catch (error) {
      expect(isHubgetError(error, 'INVALID_REPO_ID')).toBe(true);
      accepted = false;
    }
    expect(pattern.test(id) && id.length <= MAX_REPO_ID_LENGTH).toBe(accepted);
  });

  it('the longest id the schema advertises is accepted, one more character is not', () => {
    const longest = `datasets/${name96}/${name96}`;
    expect(longest.length).toBe(MAX_REPO_ID_LENGTH);
    expect(parseRepoRef(longest)).toEqual({ repoId: `${name96}/${name96}`, repoType: 'dataset' });
    expect(() => parseRepoRef(`datasets/${name96}/${name96}a`)).toThrow(/longer than 96/);
  });

  it('a type prefix must agree with an explicit type', () => {
    expect(parseRepoRef('datasets/org/x', 'dataset')).toEqual({ repoId: 'org/x', repoType: 'dataset' });
    expect(() => parseRepoRef('datasets/org/x', 'model')).toThrow(/names a dataset, but the type is model/);
  });

  it('a leading "_" is allowed, as on the Hub', () => {
    expect(parseRepoRef('_org/_name').repoId).toBe('_org/_name');
  });

  it('REPO_NAME_PATTERN (one part, for the delete routes) agrees with parseRepoRef on single names', () => {
    const part = new RegExp(REPO_NAME_PATTERN, 'u');
    for (const name of [
      'gpt2',
      '_x',
      'a.b-c_d',
      'a'.repeat(96),
      '-a',
      'a-',
      '.a',
      'a b',
      'a'.repeat(97),
      '',
    ]) {
      let accepted = true;
      try {
        parseRepoRef(`org/${name}`);
      } catch {
        accepted = false;
      }
      expect(part.test(name), name).toBe(accepted);
    }
    expect(isFullCommit('a'.repeat(40))).toBe(true);
    expect(isFullCommit('A'.repeat(40))).toBe(false);
  });
});
