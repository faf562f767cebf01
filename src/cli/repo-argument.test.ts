import { describe, expect, it } from 'vitest';
import { HubgetError } from '../errors.js';
import { combineWithFlags, parseRepoArgument } from './repo-argument.js';

describe('parseRepoArgument', () => {
  it.each([
    ['org/name', { repoId: 'org/name' }],
    ['gpt2', { repoId: 'gpt2' }],
    ['org/name@v1.0', { repoId: 'org/name', revision: 'v1.0' }],
    ['org/name@refs/pr/1', { repoId: 'org/name', revision: 'refs/pr/1' }],
    ['org/name/', { repoId: 'org/name' }],
    ['datasets/org/name', { repoId: 'org/name', repoType: 'dataset' }],
    ['https://huggingface.co/org/name', { repoId: 'org/name' }],
    ['https://huggingface.co/org/name/', { repoId: 'org/name' }],
    ['https://huggingface.co/gpt2', { repoId: 'gpt2' }],
    ['https://huggingface.co/datasets/org/name', { repoId: 'org/name', repoType: 'dataset' }],
    ['https://huggingface.co/spaces/org/app', { repoId: 'org/app', repoType: 'space' }],
    ['https://huggingface.co/org/name/tree/main', { repoId: 'org/name', revision: 'main' }],
    ['https://huggingface.co/gpt2/tree/main', { repoId: 'gpt2', revision: 'main' }],
    ['https://huggingface.co/org/name/tree/refs%2Fpr%2F1', { repoId: 'org/name', revision: 'refs/pr/1' }],
    [
      'https://huggingface.co/org/name/blob/main/sub/config.json',
      { repoId: 'org/name', revision: 'main', filename: 'sub/config.json' },
    ],
    [
      'https://huggingface.co/org/name/resolve/v1.0/model.gguf?download=true',
      { repoId: 'org/name', revision: 'v1.0', filename: 'model.gguf' },
    ],
    ['hf.co/org/name', { repoId: 'org/name' }],
    ['huggingface.co/org/name', { repoId: 'org/name' }],
    ['http://127.0.0.1:9001/org/name', { repoId: 'org/name' }],
    [
      `https://huggingface.co/org/name/commit/${'c'.repeat(40)}`,
      { repoId: 'org/name', revision: 'c'.repeat(40) },
    ],
    [
      'https://huggingface.co/datasets/org/name/commit/abc1234',
      { repoId: 'org/name', repoType: 'dataset', revision: 'abc1234' },
    ],
  ])('reads %s', (text, expected) => {
    expect(parseRepoArgument(text)).toEqual(expected);
  });

  it.each([
    ['org/name@', /nothing after "@"; name a branch, tag or commit \(org\/name@main\)/],
    ['https://huggingface.co/org/name/tree/main/sub', /it names a folder; .*--include 'sub\/\*'/],
    ['https://huggingface.co/org/name/discussions/2', /"\/discussions" is not a page of files; .*org\/name/],
    ['https://huggingface.co/', /names no repository/],
    ['https://huggingface.co/org/name/blob/main', /names no file/],
    ['https://huggingface.co/gpt2/discussions', /"\/discussions" is not a page of files; .*gpt2$/],
  ])('explains what is wrong with %s', (text, message) => {
    expect(() => parseRepoArgument(text)).toThrow(message);
  });

  it('leaves an invalid id for the validator to explain', () => {
    expect(parseRepoArgument('bad//id')).toEqual({ repoId: 'bad//id' });
    expect(parseRepoArgument('a/b/c')).toEqual({ repoId: 'a/b/c' });
  });
});

describe('combineWithFlags', () => {
  const flags = { repoType: 'model' as const, repoTypeGiven: false };

  it('takes the revision and type the argument says, or the flags', () => {
    expect(combineWithFlags({ repoId: 'o/n', revision: 'v1' }, flags)).toEqual({
      repoId: 'o/n',
      repoType: 'model',
      revision: 'v1',
    });
    expect(combineWithFlags({ repoId: 'o/n' }, { ...flags, revision: 'v2' })).toMatchObject({
      revision: 'v2',
    });
    expect(combineWithFlags({ repoId: 'o/n', repoType: 'dataset' }, flags).repoType).toBe('dataset');
    expect(combineWithFlags({ repoId: 'o/n', revision: 'v1' }, { ...flags, revision: 'v1' }).revision).toBe(
      'v1',
    );
  });

  it('refuses two different revisions or types', () => {
    expect(() => combineWithFlags({ repoId: 'o/n', revision: 'v1' }, { ...flags, revision: 'v2' })).toThrow(
      HubgetError,
    );
    expect(() =>
      combineWithFlags({ repoId: 'o/n', repoType: 'dataset' }, { repoType: 'model', repoTypeGiven: true }),
    ).toThrow(/named as a dataset, but --repo-type says model/);
  });
});
