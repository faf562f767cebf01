import { describe, expect, it } from 'vitest';
import { parseHubAddress, readHubAddress } from './hub-address.js';

describe('parseHubAddress', () => {
  it('reads a model, dataset or space page address', () => {
    expect(parseHubAddress('https://huggingface.co/org/name')).toEqual({
      repoId: 'org/name',
      repoType: 'model',
    });
    expect(parseHubAddress(' https://huggingface.co/datasets/org/data/ ')).toEqual({
      repoId: 'org/data',
      repoType: 'dataset',
    });
    expect(parseHubAddress('https://huggingface.co/spaces/org/demo?logs=container')).toEqual({
      repoId: 'org/demo',
      repoType: 'space',
    });
    expect(parseHubAddress('huggingface.co/org/name')).toEqual({ repoId: 'org/name', repoType: 'model' });
    expect(parseHubAddress('https://hf-mirror.example/org/name#files')).toEqual({
      repoId: 'org/name',
      repoType: 'model',
    });
  });

  it('takes the revision of a tree, file or commit address', () => {
    expect(parseHubAddress('https://huggingface.co/org/name/tree/main')).toEqual({
      repoId: 'org/name',
      repoType: 'model',
      revision: 'main',
    });
    expect(
      parseHubAddress('https://huggingface.co/datasets/org/data/tree/refs%2Fconvert%2Fparquet/sub'),
    ).toEqual({
      repoId: 'org/data',
      repoType: 'dataset',
      revision: 'refs/convert/parquet',
    });
    expect(parseHubAddress('https://huggingface.co/org/name/blob/v1.0/config.json')?.revision).toBe('v1.0');
    expect(parseHubAddress('https://huggingface.co/org/name/resolve/main/model.gguf')?.revision).toBe('main');
  });

  it('knows a repo without a namespace', () => {
    expect(parseHubAddress('https://huggingface.co/gpt2')).toEqual({ repoId: 'gpt2', repoType: 'model' });
    expect(parseHubAddress('https://huggingface.co/gpt2/tree/main')).toEqual({
      repoId: 'gpt2',
      repoType: 'model',
      revision: 'main',
    });
  });

  it('reads a type prefix', () => {
    expect(parseHubAddress('datasets/org/data')).toEqual({ repoId: 'org/data', repoType: 'dataset' });
    expect(parseHubAddress('models/org/name')).toEqual({ repoId: 'org/name', repoType: 'model' });
  });

  it('reads an id with @REV, typed or prefixed', () => {
    expect(parseHubAddress('org/name@v1.0')).toEqual({
      repoId: 'org/name',
      repoType: 'model',
      revision: 'v1.0',
    });
    expect(parseHubAddress('datasets/org/data@refs/pr/1')).toEqual({
      repoId: 'org/data',
      repoType: 'dataset',
      revision: 'refs/pr/1',
    });
  });

  it('leaves plain ids and anything else to the id validator', () => {
    expect(parseHubAddress('org/name')).toBeNull();
    expect(parseHubAddress('gpt2')).toBeNull();
    expect(parseHubAddress('')).toBeNull();
    expect(parseHubAddress('https://huggingface.co/')).toBeNull();
  });
});

/** The forms the CLI's reader and the web form's reader used to read differently, now read once. */
describe('readHubAddress', () => {
  const commit = 'c'.repeat(40);
  const dataset = 'dataset' as const;

  it.each([
    // A /commit/ page names its commit as the revision.
    [`https://huggingface.co/org/name/commit/${commit}`, { repoId: 'org/name', revision: commit }],
    [`hf.co/datasets/org/data/commit/${commit}`, { repoId: 'org/data', repoType: dataset, revision: commit }],
    // A file's page keeps the file, a tree page its folder.
    [
      'https://huggingface.co/org/name/blob/v1.0/sub/config.json',
      { repoId: 'org/name', revision: 'v1.0', filename: 'sub/config.json' },
    ],
    [
      'huggingface.co/gpt2/resolve/main/model.gguf?download=true',
      { repoId: 'gpt2', revision: 'main', filename: 'model.gguf' },
    ],
    [
      'https://huggingface.co/org/name/tree/main/sub/dir/',
      { repoId: 'org/name', revision: 'main', folder: 'sub/dir' },
    ],
    // A prefixed id's pages are read as a URL's; every segment is decoded.
    ['datasets/org/data/tree/v1', { repoId: 'org/data', repoType: dataset, revision: 'v1' }],
    ['spaces/org/demo/', { repoId: 'org/demo', repoType: 'space' }],
    ['https://www.hf.co/org/na%2Dme/tree/refs%2Fpr%2F1', { repoId: 'org/na-me', revision: 'refs/pr/1' }],
  ])('reads %s', (text, expected) => {
    expect(readHubAddress(text)).toEqual(expected);
  });

  it('knows the other pages of a repo without a namespace', () => {
    expect(() => readHubAddress('https://huggingface.co/gpt2/discussions')).toThrow(
      /"\/discussions" is not a page of files; pass the repository, e.g\. gpt2$/,
    );
  });
});
